using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PersoActors.Cluster.Tests.Grains;
using PersoActors.Cluster.Tests.Infrastructure;
using PersoActors.Cluster.Tests.Membership;
using PersoActors.Cluster.Tests.Routing;
using PersoActors.Runtime;
using PersoActors.Runtime.Cluster.Membership;
using PersoActors.Runtime.State;

namespace PersoActors.Cluster.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresMembershipTableTests(PostgresFixture postgres) : MembershipTableContract
{
    protected override async Task<IMembershipTable> CreateTableAsync(string clusterId)
    {
        var table = new PostgresMembershipTable(NpgsqlDataSource.Create(postgres.ConnectionString), clusterId);
        await table.InitializeAsync(default);
        return table;
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresGrainStorageTests(PostgresFixture postgres)
{
    private static GrainId NewGrain() => new("counter", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Writes_carry_etags_and_a_stale_etag_is_refused()
    {
        await using var storage = new PostgresGrainStorage(postgres.ConnectionString);
        var grain = NewGrain();
        Assert.Null(await storage.ReadAsync(grain, "s"));

        var first = await storage.WriteAsync(grain, "s", "{\"value\":1}"u8.ToArray(), null, StateWriteMode.Normal);
        var second = await storage.WriteAsync(grain, "s", "{\"value\":2}"u8.ToArray(), first, StateWriteMode.Normal);
        Assert.NotEqual(first, second);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(grain, "s", "{}"u8.ToArray(), first, StateWriteMode.Normal));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(grain, "s", "{}"u8.ToArray(), null, StateWriteMode.Normal));

        var stored = await storage.ReadAsync(grain, "s");
        Assert.Equal(second, stored!.ETag);
        Assert.Equal("{\"value\":2}", Encoding.UTF8.GetString(stored.Data.Span));
    }

    [Fact]
    public async Task Clear_deletes_the_record_and_checks_the_etag()
    {
        await using var storage = new PostgresGrainStorage(postgres.ConnectionString);
        var grain = NewGrain();
        var etag = await storage.WriteAsync(grain, "s", "{}"u8.ToArray(), null, StateWriteMode.Normal);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearAsync(grain, "s", "999"));
        await storage.ClearAsync(grain, "s", etag);
        Assert.Null(await storage.ReadAsync(grain, "s"));
        await storage.ClearAsync(grain, "s", etag); // Already gone: nothing to conflict with.
    }

    [Fact]
    public async Task Concurrent_writes_are_group_committed_and_racing_writers_of_one_grain_have_one_winner()
    {
        await using var storage = new PostgresGrainStorage(postgres.ConnectionString);
        var grains = Enumerable.Range(0, 300).Select(_ => NewGrain()).ToArray();
        var etags = await Task.WhenAll(grains.Select(g => storage.WriteAsync(g, "s", "{\"value\":1}"u8.ToArray(), null, StateWriteMode.Scrub)));
        Assert.All(etags, e => Assert.False(string.IsNullOrEmpty(e)));

        var racers = await Task.WhenAll(Enumerable.Range(0, 5).Select(async _ =>
        {
            try
            {
                await storage.WriteAsync(grains[0], "s", "{\"value\":2}"u8.ToArray(), etags[0], StateWriteMode.Normal);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        }));
        Assert.Single(racers, won => won);
    }

    [Fact]
    public async Task Silos_on_postgres_membership_and_storage_survive_a_crash_with_every_acknowledged_write()
    {
        var table = new PostgresMembershipTable(NpgsqlDataSource.Create(postgres.ConnectionString), "pg-" + Guid.NewGuid().ToString("N")[..8]);
        await using var storage = new PostgresGrainStorage(postgres.ConnectionString);
        await using var cluster = await TestCluster.StartAsync(3, tcp: true, table, storage);
        var client = (await cluster.StartClientAsync()).Services.GetRequiredService<IGrainFactory>();
        var keys = Enumerable.Range(0, 60).Select(_ => Guid.NewGuid().ToString("N")).ToArray();
        await Task.WhenAll(keys.Select(k => client.GetGrain<ICounterGrain>(k).AddAsync(2)));

        var victim = cluster.Silos[2];
        var address = victim.Address.ToString();
        victim.Crash();

        var outcomes = await Task.WhenAll(keys.Select(k => ClusterRoutingTests.AddRetryingUnknownAsync(client.GetGrain<ICounterGrain>(k), 1)));
        Assert.All(outcomes, o => Assert.InRange(o.Reply.Value, 3, 3 + o.Unknown));
        Assert.DoesNotContain(outcomes, o => o.Reply.Silo == address);
        var row = (await table.ReadAllAsync(default)).Entries.Single(e => e.Silo.ToString() == address);
        Assert.Equal(SiloStatus.Dead, row.Status);
    }
}
