namespace PersoActors.Runtime.Cluster.Placement;

/// <summary>Highest-random-weight (rendezvous) hashing: a grain belongs to the silo whose
/// weight hash(silo, grain) is highest. Every silo computes the same owner from the same view
/// without a directory, and adding or removing one of N silos moves only the grains whose
/// highest weight was (or becomes) that silo: about 1/N of them.</summary>
public static class RendezvousPlacement
{
    /// <summary>The owner of <paramref name="grainId"/> among <paramref name="silos"/>, or null when there are none.</summary>
    public static SiloAddress? PickOwner(GrainId grainId, IReadOnlyList<PlacementTarget> silos)
    {
        if (silos.Count == 0)
        {
            return null;
        }

        var grainHash = StableHash64.Of(grainId);
        var best = silos[0];
        var bestWeight = Weight(best.Hash, grainHash);
        for (var i = 1; i < silos.Count; i++)
        {
            var weight = Weight(silos[i].Hash, grainHash);
            if (weight > bestWeight || (weight == bestWeight && string.CompareOrdinal(silos[i].Silo.Endpoint, best.Silo.Endpoint) > 0))
            {
                best = silos[i];
                bestWeight = weight;
            }
        }

        return best.Silo;
    }

    private static ulong Weight(ulong siloHash, ulong grainHash) => StableHash64.Mix(siloHash ^ grainHash);
}

/// <summary>A silo as placement sees it: its address and the precomputed hash of its endpoint.</summary>
public sealed record PlacementTarget(SiloAddress Silo)
{
    /// <summary>Hash of host:port only, so a restarted silo on the same endpoint owns the same grains.</summary>
    public ulong Hash { get; } = StableHash64.Mix(StableHash64.Fnv1a(Silo.Endpoint));
}
