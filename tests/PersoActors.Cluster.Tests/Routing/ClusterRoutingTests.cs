using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PersoActors.Cluster.Tests.Grains;
using PersoActors.Cluster.Tests.Infrastructure;
using PersoActors.Runtime;
using PersoActors.Runtime.Cluster.Membership;
using PersoActors.Runtime.Cluster.Transport;

namespace PersoActors.Cluster.Tests.Routing;

public sealed class ClusterRoutingTests
{
    private const string GrainType = "counter";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Each_grain_is_served_by_its_owner_whichever_silo_or_client_calls(bool tcp)
    {
        await using var cluster = await TestCluster.StartAsync(3, tcp);
        var client = (await cluster.StartClientAsync()).Services.GetRequiredService<IGrainFactory>();
        var callers = cluster.Silos.Select(s => s.Grains).Append(client).ToArray();
        var keys = Enumerable.Range(0, 60).Select(i => $"k{i}").ToArray();

        var replies = await Task.WhenAll(keys.SelectMany(key => callers.Select(caller => caller.GetGrain<ICounterGrain>(key).AddAsync(1))));

        var view = cluster.Silos[0].Membership.View;
        foreach (var (key, i) in keys.Select((k, i) => (k, i)))
        {
            var servedBy = replies.Skip(i * callers.Length).Take(callers.Length).Select(r => r.Silo).Distinct().ToArray();
            var owner = view.OwnerOf(new GrainId(GrainType, key))!.ToString();
            Assert.Equal([owner], servedBy);
            Assert.Single(cluster.Silos, s => s.HasActivation(new GrainId(GrainType, key)));
            Assert.Equal(callers.Length, (await client.GetGrain<ICounterGrain>(key).GetAsync()).Value);
        }

        Assert.All(cluster.Silos, s => Assert.InRange(s.ActivationCount, 5, 40));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_joining_silo_takes_over_its_share_and_old_owners_hand_over_with_state(bool tcp)
    {
        await using var cluster = await TestCluster.StartAsync(2, tcp);
        var client = (await cluster.StartClientAsync()).Services.GetRequiredService<IGrainFactory>();
        var keys = Enumerable.Range(0, 150).Select(i => $"j{i}").ToArray();
        await Task.WhenAll(keys.Select(k => client.GetGrain<ICounterGrain>(k).AddAsync(5)));

        var joined = await cluster.AddSiloAsync();
        await cluster.WaitForConvergenceAsync();
        await Eventually.WaitUntilAsync(() => cluster.Silos.All(s => s.Catalog.Activations.All(a => s.Membership.View.OwnerOf(a.GrainId) == s.Address)), TimeSpan.FromSeconds(10));

        var replies = await Task.WhenAll(keys.Select(k => client.GetGrain<ICounterGrain>(k).AddAsync(1)));
        Assert.All(replies, r => Assert.Equal(6, r.Value));
        var moved = replies.Count(r => r.Silo == joined.Address.ToString());
        Assert.InRange(moved, 25, 80);
        Assert.All(keys, k => Assert.Single(cluster.Silos, s => s.HasActivation(new GrainId(GrainType, k))));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_graceful_leave_drains_its_grains_and_marks_it_dead(bool tcp)
    {
        await using var cluster = await TestCluster.StartAsync(3, tcp);
        var client = (await cluster.StartClientAsync()).Services.GetRequiredService<IGrainFactory>();
        var keys = Enumerable.Range(0, 90).Select(i => $"g{i}").ToArray();
        await Task.WhenAll(keys.Select(k => client.GetGrain<ICounterGrain>(k).AddAsync(3)));

        var leaving = cluster.Silos[1];
        var address = leaving.Address;
        // Traffic keeps flowing while the silo drains.
        var during = Task.WhenAll(keys.Select(k => client.GetGrain<ICounterGrain>(k).AddAsync(1)));
        await leaving.StopAsync();
        await during;

        Assert.Equal(0, leaving.ActivationCount);
        var row = (await cluster.Table.ReadAllAsync(default)).Entries.Single(e => e.Silo == address);
        Assert.Equal(SiloStatus.Dead, row.Status);
        await cluster.WaitForConvergenceAsync();

        var replies = await Task.WhenAll(keys.Select(k => client.GetGrain<ICounterGrain>(k).AddAsync(1)));
        Assert.All(replies, r => Assert.Equal(5, r.Value));
        Assert.DoesNotContain(replies, r => r.Silo == address.ToString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_crashed_silo_is_voted_dead_and_its_grains_reactivate_elsewhere_with_every_acknowledged_write(bool tcp)
    {
        await using var cluster = await TestCluster.StartAsync(3, tcp);
        var client = (await cluster.StartClientAsync()).Services.GetRequiredService<IGrainFactory>();
        var keys = Enumerable.Range(0, 90).Select(i => $"x{i}").ToArray();
        await Task.WhenAll(keys.Select(k => client.GetGrain<ICounterGrain>(k).AddAsync(7)));

        var victim = cluster.Silos[0];
        var address = victim.Address;
        var clock = Stopwatch.StartNew();
        victim.Crash();

        // Calls sent just before the connection drop are reported as "outcome unknown"; like any
        // client, the test retries those, so such a key may legitimately count one more.
        var outcomes = await Task.WhenAll(keys.Select(k => AddRetryingUnknownAsync(client.GetGrain<ICounterGrain>(k), 1)));
        var recovered = clock.Elapsed;
        Assert.All(outcomes, o => Assert.InRange(o.Reply.Value, 8, 8 + o.Unknown));
        Assert.DoesNotContain(outcomes, o => o.Reply.Silo == address.ToString());
        Assert.True(recovered < TimeSpan.FromSeconds(10), $"Grains were served again after {recovered}.");

        var row = (await cluster.Table.ReadAllAsync(default)).Entries.Single(e => e.Silo == address);
        Assert.Equal(SiloStatus.Dead, row.Status);
        Assert.NotEmpty(row.Suspicions);
    }

    [Fact]
    public async Task A_stale_activation_cannot_overwrite_newer_state_and_the_call_is_retried_on_fresh_state()
    {
        await using var cluster = await TestCluster.StartAsync(2, tcp: false);
        var client = (await cluster.StartClientAsync()).Services.GetRequiredService<IGrainFactory>();
        var counter = client.GetGrain<ICounterGrain>("fenced");
        var first = await counter.AddAsync(1);

        // Another activation of the same grain (a silo with an older view) wrote meanwhile.
        var id = new GrainId(GrainType, "fenced");
        var stored = await cluster.Storage.ReadAsync(id, "counter");
        await cluster.Storage.WriteAsync(id, "counter", """{"value":100}"""u8.ToArray(), stored!.ETag, StateWriteMode.Normal);

        var second = await counter.AddAsync(1);

        Assert.Equal(101, second.Value);
        Assert.NotEqual(first.ActivationNumber, second.ActivationNumber);
        Assert.Equal(first.Silo, second.Silo);
    }

    [Fact]
    public async Task A_silo_that_finds_itself_declared_dead_stops_taking_calls()
    {
        await using var cluster = await TestCluster.StartAsync(2, tcp: false);
        var victim = cluster.Silos[1];
        var snapshot = await cluster.Table.ReadAllAsync(default);
        var row = snapshot.Entries.Single(e => e.Silo == victim.Address);
        Assert.True(await cluster.Table.TryWriteAsync(row with { Status = SiloStatus.Dead }, snapshot.Version, default));

        await victim.Host.Services.GetRequiredService<LocalSilo>().DeclaredDead.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(victim.Host.Services.GetRequiredService<LocalSilo>().Accepting);
    }

    [Fact]
    public async Task Grain_exceptions_reach_remote_callers_with_their_type_and_message()
    {
        await using var cluster = await TestCluster.StartAsync(2, tcp: true);
        var client = (await cluster.StartClientAsync()).Services.GetRequiredService<IGrainFactory>();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.GetGrain<ICounterGrain>("boom").FailAsync("bad amount"));
        Assert.Equal("bad amount", error.Message);
    }

    internal static async Task<(CounterReply Reply, int Unknown)> AddRetryingUnknownAsync(ICounterGrain counter, int amount)
    {
        for (var unknown = 0; ; unknown++)
        {
            try
            {
                return (await counter.AddAsync(amount), unknown);
            }
            catch (CallOutcomeUnknownException) when (unknown < 3)
            {
            }
        }
    }
}
