namespace PersoActors.Runtime.Cluster.Membership;

/// <summary>A membership table shared by silos in one process (in-process test clusters).</summary>
public sealed class InMemoryMembershipTable : IMembershipTable
{
    private readonly object gate = new();
    private readonly Dictionary<SiloAddress, MembershipEntry> rows = [];
    private long version;

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<MembershipSnapshot> ReadAllAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(new MembershipSnapshot(version, [.. rows.Values]));
        }
    }

    public Task<bool> TryWriteAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (version != expectedVersion)
            {
                return Task.FromResult(false);
            }

            rows[entry.Silo] = entry;
            version++;
            return Task.FromResult(true);
        }
    }

    public Task HeartbeatAsync(SiloAddress silo, DateTimeOffset time, SiloLoad load, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (rows.TryGetValue(silo, out var entry))
            {
                rows[silo] = entry with { IAmAliveTime = time, Load = load };
            }
        }

        return Task.CompletedTask;
    }

    public Task CleanupDeadAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            foreach (var dead in rows.Values.Where(e => e.Status == SiloStatus.Dead && e.IAmAliveTime < olderThan).ToArray())
            {
                rows.Remove(dead.Silo);
            }
        }

        return Task.CompletedTask;
    }
}
