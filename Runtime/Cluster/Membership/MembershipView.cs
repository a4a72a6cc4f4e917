using PersoActors.Runtime.Cluster.Placement;

namespace PersoActors.Runtime.Cluster.Membership;

/// <summary>A silo's or gateway's picture of the cluster at one table version: placement runs over
/// its active silos. Views with equal versions are equal on every node, so nodes converge.</summary>
public sealed class MembershipView
{
    public MembershipView(MembershipSnapshot snapshot)
    {
        Version = snapshot.Version;
        Entries = snapshot.Entries;
        ActiveSilos = [.. snapshot.Entries.Where(e => e.Status == SiloStatus.Active).Select(e => e.Silo).OrderBy(s => s.Endpoint, StringComparer.Ordinal)];
        Targets = [.. ActiveSilos.Select(s => new PlacementTarget(s))];
    }

    /// <summary>An empty view, before the first table read.</summary>
    public static MembershipView Empty { get; } = new(new MembershipSnapshot(-1, []));

    /// <summary>The table version this view was built from.</summary>
    public long Version { get; }

    /// <summary>Every row of the table.</summary>
    public IReadOnlyList<MembershipEntry> Entries { get; }

    /// <summary>Silos that own grains, ordered by endpoint.</summary>
    public IReadOnlyList<SiloAddress> ActiveSilos { get; }

    internal IReadOnlyList<PlacementTarget> Targets { get; }

    /// <summary>The silo that owns <paramref name="grainId"/> in this view, or null when no silo is active.</summary>
    public SiloAddress? OwnerOf(GrainId grainId) => RendezvousPlacement.PickOwner(grainId, Targets);
}
