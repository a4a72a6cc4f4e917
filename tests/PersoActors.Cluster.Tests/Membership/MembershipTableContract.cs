using System.Net;
using PersoActors.Storage.Membership;

namespace PersoActors.Cluster.Tests.Membership;

/// <summary>What Orleans expects of a membership table (compare-and-swap on the table version, row etags,
/// heartbeats that change nothing else, per-cluster isolation); run against each of our stores.</summary>
public abstract class MembershipTableContract
{
    private static readonly DateTime Start = new(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc);

    /// <summary>A table of <paramref name="clusterId"/> in this test class's database, initialized as a silo does.</summary>
    protected abstract Task<SqlMembershipTable> CreateTableAsync(string clusterId);

    [Fact]
    public async Task A_new_table_is_empty_at_version_zero()
    {
        var table = await CreateTableAsync(NewClusterId());
        var data = await table.ReadAllAsync();
        Assert.Empty(data.Members);
        Assert.Equal(0, data.Version.Version);
        Assert.False(string.IsNullOrEmpty(data.Version.VersionEtag));
    }

    [Fact]
    public async Task Initializing_again_keeps_the_rows_and_the_version()
    {
        var clusterId = NewClusterId();
        var table = await CreateTableAsync(clusterId);
        Assert.True(await table.InsertRowAsync(Entry(1), (await table.ReadAllAsync()).Version.Next()));
        var before = await table.ReadAllAsync();

        var again = await CreateTableAsync(clusterId);
        var after = await again.ReadAllAsync();
        Assert.Equal(before.Version.VersionEtag, after.Version.VersionEtag);
        Assert.Single(after.Members);
    }

    [Fact]
    public async Task An_insert_stores_every_field_and_increments_the_table_version()
    {
        var table = await CreateTableAsync(NewClusterId());
        var empty = await table.ReadAllAsync();
        var entry = Entry(1, SiloStatus.Joining);
        entry.AddSuspector(Silo(9), Start.AddSeconds(3));

        Assert.True(await table.InsertRowAsync(entry, empty.Version.Next()));

        var data = await table.ReadAllAsync();
        Assert.Equal(1, data.Version.Version);
        Assert.NotEqual(empty.Version.VersionEtag, data.Version.VersionEtag);
        var (stored, etag) = Assert.Single(data.Members);
        Assert.False(string.IsNullOrEmpty(etag));
        AssertSameEntry(entry, stored);
    }

    [Fact]
    public async Task An_insert_with_a_stale_table_version_fails_and_changes_nothing()
    {
        var table = await CreateTableAsync(NewClusterId());
        var read = await table.ReadAllAsync();
        Assert.True(await table.InsertRowAsync(Entry(1), read.Version.Next()));

        Assert.False(await table.InsertRowAsync(Entry(2), read.Version.Next()));

        var data = await table.ReadAllAsync();
        Assert.Equal(1, data.Version.Version);
        Assert.Equal(Silo(1), Assert.Single(data.Members).Item1.SiloAddress);
    }

    [Fact]
    public async Task Inserting_a_silo_that_is_already_in_the_table_fails_and_keeps_the_version()
    {
        var table = await CreateTableAsync(NewClusterId());
        Assert.True(await table.InsertRowAsync(Entry(1), (await table.ReadAllAsync()).Version.Next()));
        var read = await table.ReadAllAsync();

        Assert.False(await table.InsertRowAsync(Entry(1, SiloStatus.Active), read.Version.Next()));

        var data = await table.ReadAllAsync();
        Assert.Equal(read.Version.VersionEtag, data.Version.VersionEtag);
        Assert.Equal(SiloStatus.Joining, Assert.Single(data.Members).Item1.Status);
    }

    [Fact]
    public async Task An_update_replaces_the_row_and_changes_its_etag_and_the_table_version()
    {
        var table = await CreateTableAsync(NewClusterId());
        Assert.True(await table.InsertRowAsync(Entry(1), (await table.ReadAllAsync()).Version.Next()));
        var read = await table.ReadRowAsync(Silo(1));
        var (entry, etag) = read.Members[0];
        entry.Status = SiloStatus.Active;
        entry.AddSuspector(Silo(2), Start.AddMinutes(1));
        entry.AddSuspector(Silo(3), Start.AddMinutes(2).AddTicks(7));

        Assert.True(await table.UpdateRowAsync(entry, etag, read.Version.Next()));

        var data = await table.ReadRowAsync(Silo(1));
        Assert.Equal(2, data.Version.Version);
        var (stored, newEtag) = Assert.Single(data.Members);
        Assert.NotEqual(etag, newEtag);
        AssertSameEntry(entry, stored);
    }

    [Fact]
    public async Task An_update_with_a_stale_row_etag_fails_even_with_the_current_table_version()
    {
        var table = await CreateTableAsync(NewClusterId());
        Assert.True(await table.InsertRowAsync(Entry(1), (await table.ReadAllAsync()).Version.Next()));
        var first = await table.ReadRowAsync(Silo(1));
        var staleEtag = first.Members[0].Item2;
        Assert.True(await table.UpdateRowAsync(Entry(1, SiloStatus.Active), staleEtag, first.Version.Next()));
        var current = await table.ReadRowAsync(Silo(1));

        Assert.False(await table.UpdateRowAsync(Entry(1, SiloStatus.Dead), staleEtag, current.Version.Next()));

        var data = await table.ReadRowAsync(Silo(1));
        Assert.Equal(current.Version.VersionEtag, data.Version.VersionEtag);
        Assert.Equal(SiloStatus.Active, data.Members[0].Item1.Status);
    }

    [Fact]
    public async Task An_update_with_a_stale_table_version_fails_even_with_the_current_row_etag()
    {
        var table = await CreateTableAsync(NewClusterId());
        Assert.True(await table.InsertRowAsync(Entry(1), (await table.ReadAllAsync()).Version.Next()));
        var read = await table.ReadRowAsync(Silo(1));
        Assert.True(await table.InsertRowAsync(Entry(2), read.Version.Next()));

        Assert.False(await table.UpdateRowAsync(Entry(1, SiloStatus.Active), read.Members[0].Item2, read.Version.Next()));

        Assert.Equal(SiloStatus.Joining, (await table.ReadRowAsync(Silo(1))).Members[0].Item1.Status);
    }

    [Fact]
    public async Task Updating_a_silo_that_is_not_in_the_table_fails()
    {
        var table = await CreateTableAsync(NewClusterId());
        var read = await table.ReadAllAsync();
        Assert.False(await table.UpdateRowAsync(Entry(1), "no-such-etag", read.Version.Next()));
        Assert.Equal(read.Version.VersionEtag, (await table.ReadAllAsync()).Version.VersionEtag);
    }

    [Fact]
    public async Task A_heartbeat_changes_only_the_iamalive_time_and_keeps_earlier_reads_usable()
    {
        var table = await CreateTableAsync(NewClusterId());
        Assert.True(await table.InsertRowAsync(Entry(1), (await table.ReadAllAsync()).Version.Next()));
        var read = await table.ReadRowAsync(Silo(1));
        var beat = Entry(1, SiloStatus.Dead);
        beat.ProxyPort = 1;
        beat.IAmAliveTime = Start.AddMinutes(5);

        await table.UpdateIAmAliveAsync(beat);

        var data = await table.ReadRowAsync(Silo(1));
        var (stored, etag) = Assert.Single(data.Members);
        Assert.Equal(beat.IAmAliveTime, stored.IAmAliveTime);
        Assert.Equal(SiloStatus.Joining, stored.Status);
        Assert.Equal(Entry(1).ProxyPort, stored.ProxyPort);
        Assert.Equal(read.Version.VersionEtag, data.Version.VersionEtag);
        Assert.Equal(read.Members[0].Item2, etag);
        // A suspicion vote based on the read from before the heartbeat still goes through.
        Assert.True(await table.UpdateRowAsync(Entry(1, SiloStatus.Active), read.Members[0].Item2, read.Version.Next()));
    }

    [Fact]
    public async Task Reading_one_row_returns_it_with_the_table_version_and_an_unknown_silo_returns_none()
    {
        var table = await CreateTableAsync(NewClusterId());
        Assert.True(await table.InsertRowAsync(Entry(1), (await table.ReadAllAsync()).Version.Next()));
        Assert.True(await table.InsertRowAsync(Entry(2), (await table.ReadAllAsync()).Version.Next()));

        var row = await table.ReadRowAsync(Silo(2));
        Assert.Equal(2, row.Version.Version);
        Assert.Equal(Silo(2), Assert.Single(row.Members).Item1.SiloAddress);

        var none = await table.ReadRowAsync(Silo(3));
        Assert.Empty(none.Members);
        Assert.Equal(row.Version.VersionEtag, none.Version.VersionEtag);

        Assert.Equal(2, (await table.ReadAllAsync()).Members.Count);
    }

    [Fact]
    public async Task Concurrent_writers_from_one_read_have_exactly_one_winner()
    {
        var clusterId = NewClusterId();
        // One table per writer, like one per silo process: each opens its own connections to the database.
        var tables = await Task.WhenAll(Enumerable.Range(1, 8).Select(_ => CreateTableAsync(clusterId)));
        var read = await tables[0].ReadAllAsync();

        var outcomes = await Task.WhenAll(tables.Select((table, i) => Task.Run(() => table.InsertRowAsync(Entry(i + 1), read.Version.Next()))));

        Assert.Single(outcomes, won => won);
        var data = await tables[0].ReadAllAsync();
        Assert.Equal(1, data.Version.Version);
        Assert.Single(data.Members);
    }

    [Fact]
    public async Task Cleanup_removes_only_dead_rows_last_seen_before_the_date()
    {
        var table = await CreateTableAsync(NewClusterId());
        var oldDead = Entry(1, SiloStatus.Dead);
        var recentDead = Entry(2, SiloStatus.Dead);
        recentDead.IAmAliveTime = Start.AddHours(2);
        var votedDead = Entry(3, SiloStatus.Dead);
        votedDead.AddSuspector(Silo(1), Start.AddHours(2));
        var oldActive = Entry(4, SiloStatus.Active);
        foreach (var entry in new[] { oldDead, recentDead, votedDead, oldActive })
        {
            Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next()));
        }

        await table.CleanupDefunctSiloEntriesAsync(new DateTimeOffset(Start.AddHours(1)));

        var left = (await table.ReadAllAsync()).Members.Select(m => m.Item1.SiloAddress).ToHashSet();
        Assert.Equal(new HashSet<SiloAddress> { Silo(2), Silo(3), Silo(4) }, left);
    }

    [Fact]
    public async Task Clusters_sharing_a_database_do_not_see_or_delete_each_other()
    {
        var first = await CreateTableAsync(NewClusterId());
        var second = await CreateTableAsync(NewClusterId());
        Assert.True(await first.InsertRowAsync(Entry(1), (await first.ReadAllAsync()).Version.Next()));
        Assert.True(await second.InsertRowAsync(Entry(1, SiloStatus.Active), (await second.ReadAllAsync()).Version.Next()));
        Assert.True(await second.InsertRowAsync(Entry(2), (await second.ReadAllAsync()).Version.Next()));

        Assert.Single((await first.ReadAllAsync()).Members);
        Assert.Equal(1, (await first.ReadAllAsync()).Version.Version);

        await first.DeleteMembershipTableEntriesAsync(first.ClusterId);
        Assert.Empty((await first.ReadAllAsync()).Members);
        Assert.Equal(2, (await second.ReadAllAsync()).Members.Count);
    }

    [Fact]
    public async Task After_deleting_a_cluster_its_table_starts_over_and_old_versions_are_stale()
    {
        var clusterId = NewClusterId();
        var table = await CreateTableAsync(clusterId);
        var before = await table.ReadAllAsync();
        await table.DeleteMembershipTableEntriesAsync(clusterId);

        Assert.False(await table.InsertRowAsync(Entry(1), before.Version.Next()));

        await table.InitializeMembershipTableAsync(tryInitTableVersion: true);
        var after = await table.ReadAllAsync();
        Assert.Equal(0, after.Version.Version);
        Assert.NotEqual(before.Version.VersionEtag, after.Version.VersionEtag);
        Assert.False(await table.InsertRowAsync(Entry(1), before.Version.Next()));
        Assert.True(await table.InsertRowAsync(Entry(1), after.Version.Next()));
    }

    [Fact]
    public async Task The_gateway_list_holds_the_proxy_endpoints_of_active_silos_only()
    {
        var table = await CreateTableAsync(NewClusterId());
        var active = Entry(1, SiloStatus.Active);
        var joining = Entry(2, SiloStatus.Joining);
        var dead = Entry(3, SiloStatus.Dead);
        var noGateway = Entry(4, SiloStatus.Active);
        noGateway.ProxyPort = 0;
        foreach (var entry in new[] { active, joining, dead, noGateway })
        {
            Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next()));
        }

        var provider = new SqlGatewayListProvider(table, Microsoft.Extensions.Options.Options.Create(new Orleans.Configuration.GatewayOptions()));
        await provider.InitializeGatewayListProvider();

        var gateway = Assert.Single(await provider.GetGateways());
        Assert.Equal(SiloAddress.New(IPAddress.Loopback, active.ProxyPort, active.SiloAddress.Generation).ToGatewayUri(), gateway);
    }

    protected static string NewClusterId() => "test-" + Guid.NewGuid().ToString("N")[..10];

    private static SiloAddress Silo(int number) => SiloAddress.New(IPAddress.Loopback, 11_000 + number, 500_000_000 + number);

    private static MembershipEntry Entry(int number, SiloStatus status = SiloStatus.Joining) => new()
    {
        SiloAddress = Silo(number),
        Status = status,
        SuspectTimes = [],
        ProxyPort = 30_000 + number,
        HostName = "host-" + number,
        SiloName = "silo-" + number,
        RoleName = "role",
        UpdateZone = number,
        FaultZone = number + 100,
        StartTime = Start,
        IAmAliveTime = Start.AddTicks(number),
    };

    private static void AssertSameEntry(MembershipEntry expected, MembershipEntry actual)
    {
        Assert.Equal(expected.SiloAddress, actual.SiloAddress);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.ProxyPort, actual.ProxyPort);
        Assert.Equal(expected.HostName, actual.HostName);
        Assert.Equal(expected.SiloName, actual.SiloName);
        Assert.Equal(expected.RoleName, actual.RoleName);
        Assert.Equal(expected.UpdateZone, actual.UpdateZone);
        Assert.Equal(expected.FaultZone, actual.FaultZone);
        Assert.Equal(expected.StartTime, actual.StartTime);
        Assert.Equal(expected.IAmAliveTime, actual.IAmAliveTime);
        Assert.Equal(expected.SuspectTimes ?? [], actual.SuspectTimes);
    }
}
