using PersoActors.Runtime.Cluster;
using PersoActors.Runtime.Cluster.Membership;

namespace PersoActors.Cluster.Tests.Membership;

/// <summary>What every membership table provider must do; run against each real provider.</summary>
public abstract class MembershipTableContract
{
    protected abstract Task<IMembershipTable> CreateTableAsync(string clusterId);

    private static MembershipEntry Entry(int port, SiloStatus status = SiloStatus.Joining) =>
        new(new SiloAddress("127.0.0.1", port, 638000000000000000 + port), status,
            DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), [], SiloLoad.None);

    [Fact]
    public async Task A_new_table_is_empty_at_version_zero()
    {
        var table = await CreateTableAsync(NewClusterId());
        var snapshot = await table.ReadAllAsync(default);
        Assert.Equal(0, snapshot.Version);
        Assert.Empty(snapshot.Entries);
    }

    [Fact]
    public async Task Writes_are_compare_and_swap_on_the_table_version()
    {
        var table = await CreateTableAsync(NewClusterId());
        Assert.True(await table.TryWriteAsync(Entry(1), 0, default));
        Assert.False(await table.TryWriteAsync(Entry(2), 0, default));
        Assert.True(await table.TryWriteAsync(Entry(2), 1, default));

        var suspected = Entry(1, SiloStatus.Active) with { Suspicions = [new Suspicion("127.0.0.1:2@5", DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_001_000))] };
        Assert.True(await table.TryWriteAsync(suspected, 2, default));

        var snapshot = await table.ReadAllAsync(default);
        Assert.Equal(3, snapshot.Version);
        Assert.Equal(2, snapshot.Entries.Count);
        var row = snapshot.Entries.Single(e => e.Silo == suspected.Silo);
        Assert.Equal(SiloStatus.Active, row.Status);
        Assert.Equal(suspected.StartTime, row.StartTime);
        Assert.Equal(suspected.Suspicions, row.Suspicions);
    }

    [Fact]
    public async Task Concurrent_writers_from_one_snapshot_have_exactly_one_winner()
    {
        var table = await CreateTableAsync(NewClusterId());
        var outcomes = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => Task.Run(() => table.TryWriteAsync(Entry(i), 0, default))));
        Assert.Single(outcomes, won => won);
        Assert.Equal(1, (await table.ReadAllAsync(default)).Version);
    }

    [Fact]
    public async Task Heartbeats_update_the_row_without_bumping_the_version()
    {
        var table = await CreateTableAsync(NewClusterId());
        var entry = Entry(7, SiloStatus.Active);
        await table.TryWriteAsync(entry, 0, default);
        var beat = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_009_000);
        await table.HeartbeatAsync(entry.Silo, beat, new SiloLoad(42, 1234.5), default);

        var snapshot = await table.ReadAllAsync(default);
        Assert.Equal(1, snapshot.Version);
        var row = Assert.Single(snapshot.Entries);
        Assert.Equal(beat, row.IAmAliveTime);
        Assert.Equal(new SiloLoad(42, 1234.5), row.Load);
    }

    [Fact]
    public async Task Clusters_sharing_a_table_do_not_see_each_other()
    {
        var first = await CreateTableAsync(NewClusterId());
        var second = await CreateTableAsync(NewClusterId());
        await first.TryWriteAsync(Entry(1), 0, default);
        Assert.Empty((await second.ReadAllAsync(default)).Entries);
    }

    [Fact]
    public async Task Cleanup_removes_only_old_dead_rows()
    {
        var table = await CreateTableAsync(NewClusterId());
        await table.TryWriteAsync(Entry(1, SiloStatus.Dead), 0, default);
        await table.TryWriteAsync(Entry(2, SiloStatus.Active), 1, default);
        await table.CleanupDeadAsync(DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000), default);
        Assert.Equal(SiloStatus.Active, Assert.Single((await table.ReadAllAsync(default)).Entries).Status);
    }

    private static string NewClusterId() => "c-" + Guid.NewGuid().ToString("N")[..8];
}

public sealed class InMemoryMembershipTableTests : MembershipTableContract
{
    protected override Task<IMembershipTable> CreateTableAsync(string clusterId) => Task.FromResult<IMembershipTable>(new InMemoryMembershipTable());
}

public sealed class SqliteMembershipTableTests : MembershipTableContract, IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("persoactors-membership-").FullName;

    protected override async Task<IMembershipTable> CreateTableAsync(string clusterId)
    {
        var table = new SqliteMembershipTable(Path.Combine(directory, "membership.db"), clusterId);
        await table.InitializeAsync(default);
        return table;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
