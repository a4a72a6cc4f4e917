namespace PersoActors.Runtime.Cluster.Membership;

/// <summary>The shared table silos register in. Writes that change membership are compare-and-swap
/// on the table version, so two silos that decide from the same snapshot cannot both win;
/// heartbeats are plain writes of the silo's own row and do not bump the version.</summary>
public interface IMembershipTable
{
    /// <summary>Creates the table if needed (idempotent, safe to call from several processes at once).</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Reads every row and the current version.</summary>
    Task<MembershipSnapshot> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the row of <c>entry.Silo</c> and sets the version to
    /// <paramref name="expectedVersion"/> + 1, only if the version is still <paramref name="expectedVersion"/>.
    /// Returns false (and changes nothing) when someone else wrote first.</summary>
    Task<bool> TryWriteAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Updates the heartbeat (and reported load) of an existing row.</summary>
    Task HeartbeatAsync(SiloAddress silo, DateTimeOffset time, SiloLoad load, CancellationToken cancellationToken);

    /// <summary>Removes dead rows whose heartbeat is older than <paramref name="olderThan"/>.</summary>
    Task CleanupDeadAsync(DateTimeOffset olderThan, CancellationToken cancellationToken);
}
