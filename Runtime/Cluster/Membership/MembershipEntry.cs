namespace PersoActors.Runtime.Cluster.Membership;

/// <summary>Lifecycle of a silo in the membership table.</summary>
public enum SiloStatus
{
    /// <summary>Registered, not yet serving: owns no grains.</summary>
    Joining,
    /// <summary>Serving: part of placement.</summary>
    Active,
    /// <summary>Draining: owns no grains, deactivating (flushing) the ones it holds.</summary>
    ShuttingDown,
    /// <summary>Gone (left, or voted out). A silo that reads this about itself stops.</summary>
    Dead,
}

/// <summary>One silo's vote that another silo stopped answering.</summary>
/// <param name="Voter">The silo that suspects.</param>
/// <param name="Time">When it voted (voter's clock; only used to expire old votes).</param>
public sealed record Suspicion(string Voter, DateTimeOffset Time);

/// <summary>A row of the membership table.</summary>
/// <param name="Silo">The silo this row describes.</param>
/// <param name="Status">Its lifecycle status.</param>
/// <param name="StartTime">When it started.</param>
/// <param name="IAmAliveTime">Its last heartbeat, written by the silo itself.</param>
/// <param name="Suspicions">Votes from other silos that it stopped answering.</param>
/// <param name="Load">What it reported with its last heartbeat.</param>
public sealed record MembershipEntry(
    SiloAddress Silo,
    SiloStatus Status,
    DateTimeOffset StartTime,
    DateTimeOffset IAmAliveTime,
    IReadOnlyList<Suspicion> Suspicions,
    SiloLoad Load);

/// <summary>Operations figures a silo reports with each heartbeat.</summary>
/// <param name="Activations">Grain activations it holds.</param>
/// <param name="CallsPerSecond">Grain calls it ran per second since its previous heartbeat.</param>
public sealed record SiloLoad(int Activations, double CallsPerSecond)
{
    /// <summary>Nothing reported yet.</summary>
    public static SiloLoad None { get; } = new(0, 0);
}

/// <summary>The whole table at one version.</summary>
/// <param name="Version">Bumped by every status or suspicion change (not by heartbeats).</param>
/// <param name="Entries">All rows, including dead ones not yet cleaned up.</param>
public sealed record MembershipSnapshot(long Version, IReadOnlyList<MembershipEntry> Entries);
