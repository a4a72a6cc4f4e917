using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PersoActors.Cluster.Tests.Infrastructure;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Runtime;
using PersoActors.Runtime.Cluster.Hosting;
using PersoActors.Runtime.Cluster.Membership;
using PersoActors.Runtime.Cluster.Transport;
using PersoActors.Runtime.Hosting;
using Xunit.Abstractions;

namespace PersoActors.Cluster.Tests.Processes;

public sealed class SiloProcessCrashTests(ITestOutputHelper output) : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("persoactors-crash-").FullName;
    private readonly List<SiloProcess> silos = [];

    [Fact]
    public async Task Killing_a_silo_process_loses_no_acknowledged_event_and_its_customers_are_served_again_within_ten_seconds()
    {
        var membership = Path.Combine(directory, "membership.db");
        var storage = Path.Combine(directory, "state.db");
        for (var i = 0; i < 3; i++)
        {
            silos.Add(SiloProcess.Start("--port", "0", "--cluster-id", "crash", "--membership", $"sqlite:{membership}", "--storage", $"sqlite:{storage}"));
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddPersoActorsClient(cluster => cluster.UseSqliteMembership(membership).Configure(o => o.ClusterId = "crash"));
        builder.Services.Configure<SiloOptions>(o => o.CallTimeout = TimeSpan.FromSeconds(15));
        using var client = builder.Build();
        await client.StartAsync();
        var view = client.Services.GetRequiredService<ClusterMembership>();
        await Eventually.WaitUntilAsync(() => view.View.ActiveSilos.Count == 3, TimeSpan.FromSeconds(60));
        var grains = client.Services.GetRequiredService<IGrainFactory>();

        var customers = Enumerable.Range(0, 40).Select(i => $"crash-{i}").ToArray();
        var acknowledged = new ConcurrentDictionary<string, int>();
        var unknown = new ConcurrentDictionary<string, int>();
        var lastSuccess = new ConcurrentDictionary<string, long>();
        var killedAt = long.MaxValue;
        using var stopTraffic = new CancellationTokenSource();
        // Without analytics consent a customer's events are dropped, not stored.
        var analytics = new ConsentChange([new ConsentDecision(ConsentPurpose.Analytics, true)], "crash-test", ReplaceAll: false);
        await Task.WhenAll(customers.Select(c => grains.GetGrain<ICustomerGrain>(c).ChangeConsentsAsync(analytics)));
        var traffic = customers.Select(customer => Task.Run(async () =>
        {
            var grain = grains.GetGrain<ICustomerGrain>(customer);
            while (!stopTraffic.IsCancellationRequested)
            {
                try
                {
                    var result = await grain.TrackEventsAsync([new BehaviourEvent(EventType.View, DateTimeOffset.UtcNow, "sku-1")]);
                    Assert.Equal(1, result.Accepted);
                    acknowledged.AddOrUpdate(customer, 1, (_, n) => n + 1);
                    lastSuccess[customer] = Stopwatch.GetTimestamp();
                }
                catch (Exception error) when (error is CallOutcomeUnknownException or TimeoutException)
                {
                    unknown.AddOrUpdate(customer, 1, (_, n) => n + 1);
                }

                await Task.Delay(20);
            }
        })).ToArray();

        await Eventually.WaitUntilAsync(() => customers.All(acknowledged.ContainsKey), TimeSpan.FromSeconds(20));
        await Task.Delay(1000);

        var victim = silos[1];
        Interlocked.Exchange(ref killedAt, Stopwatch.GetTimestamp());
        victim.KillHard();

        // Every customer is served again (a call acknowledged after the kill) within 10 s.
        await Eventually.WaitUntilAsync(() => customers.All(c => lastSuccess.TryGetValue(c, out var t) && t > killedAt), TimeSpan.FromSeconds(10));
        var recovery = Stopwatch.GetElapsedTime(killedAt);
        await stopTraffic.CancelAsync();
        await Task.WhenAll(traffic);

        output.WriteLine($"Customers served again {recovery.TotalSeconds:0.00} s after kill -9; acknowledged {acknowledged.Values.Sum()}, unknown {unknown.Values.Sum()}.");
        foreach (var customer in customers)
        {
            var profile = await grains.GetGrain<ICustomerGrain>(customer).GetProfileAsync();
            var acked = acknowledged.GetValueOrDefault(customer);
            Assert.InRange(profile.EventCount, acked, acked + unknown.GetValueOrDefault(customer));
        }

        Assert.True(recovery < TimeSpan.FromSeconds(10), $"Served again after {recovery.TotalSeconds:0.0} s.");
        Assert.Equal(2, view.View.ActiveSilos.Count);
        await client.StopAsync();
    }


    public void Dispose()
    {
        foreach (var silo in silos)
        {
            silo.Dispose();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
