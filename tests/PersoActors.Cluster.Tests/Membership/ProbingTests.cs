using Microsoft.Extensions.DependencyInjection;
using PersoActors.Cluster.Tests.Grains;
using PersoActors.Cluster.Tests.Infrastructure;
using PersoActors.Runtime;
using PersoActors.Runtime.Cluster;
using PersoActors.Runtime.Cluster.Membership;

namespace PersoActors.Cluster.Tests.Membership;

public sealed class ProbingTests
{
    [Fact]
    public async Task A_silo_that_stops_answering_pings_is_voted_dead_by_its_peers_and_stops_itself()
    {
        await using var cluster = await TestCluster.StartAsync(3, tcp: false);
        var victim = cluster.Silos[1];
        var survivors = cluster.Silos.Where(s => s != victim).ToArray();
        var cutAt = DateTimeOffset.UtcNow;

        victim.StopAnswering(cluster.Network);

        await victim.Local.DeclaredDead.WaitAsync(TimeSpan.FromSeconds(45));
        Assert.False(victim.Local.Accepting);
        var row = (await cluster.Table.ReadAllAsync(default)).Entries.Single(e => e.Silo == victim.Address);
        Assert.Equal(SiloStatus.Dead, row.Status);
        // Its heartbeats kept flowing after the cut: the probes, not the table, found it out.
        Assert.True(row.IAmAliveTime > cutAt + TimeSpan.FromSeconds(1), $"last heartbeat {row.IAmAliveTime:O}, cut at {cutAt:O}");
        Assert.Equal(
            survivors.Select(s => s.Address.ToString()).Order(StringComparer.Ordinal),
            row.Suspicions.Select(s => s.Voter).Order(StringComparer.Ordinal));
        await cluster.WaitForConvergenceAsync(TimeSpan.FromSeconds(30));
        Assert.All(survivors, s => Assert.DoesNotContain(victim.Address, s.Membership.View.ActiveSilos));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_healthy_cluster_under_probing_and_traffic_declares_nobody_dead(bool tcp)
    {
        await using var cluster = await TestCluster.StartAsync(3, tcp);
        var client = (await cluster.StartClientAsync()).Services.GetRequiredService<IGrainFactory>();
        var probesBefore = cluster.Silos.Select(s => s.Agent.ProbesAnswered).ToArray();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var round = 0;

        // Traffic until every silo has had at least 8 probe rounds answered by both peers.
        while (cluster.Silos.Select((s, i) => s.Agent.ProbesAnswered - probesBefore[i]).Min() < 16)
        {
            Assert.True(DateTime.UtcNow < deadline, "The silos did not complete their probe rounds in time.");
            await Task.WhenAll(Enumerable.Range(0, 30).Select(i => client.GetGrain<ICounterGrain>($"k{i}").AddAsync(1)));
            round++;
        }

        var snapshot = await cluster.Table.ReadAllAsync(default);
        Assert.All(snapshot.Entries, e => Assert.Equal(SiloStatus.Active, e.Status));
        Assert.All(snapshot.Entries, e => Assert.Empty(e.Suspicions));
        Assert.All(cluster.Silos, s => Assert.False(s.Local.DeclaredDead.IsCompleted));
        Assert.Equal(round, (await client.GetGrain<ICounterGrain>("k0").GetAsync()).Value);
    }

    [Fact]
    public void Each_silo_probes_the_next_peers_in_the_ring_so_every_silo_is_probed_by_as_many()
    {
        var silos = Enumerable.Range(1, 6).Select(i => new SiloAddress("10.0.0.1", 11110 + i, i)).ToArray();

        var targets = silos.ToDictionary(s => s, s => MembershipAgent.ProbeTargets(s, silos, 3));

        Assert.Equal([silos[4], silos[5], silos[0]], targets[silos[3]]);
        Assert.All(silos, s => Assert.Equal(3, targets.Values.Count(t => t.Contains(s))));
        Assert.All(silos, s => Assert.DoesNotContain(s, targets[s]));
        Assert.Equal([silos[1]], MembershipAgent.ProbeTargets(silos[0], silos[..2], 3));
    }
}
