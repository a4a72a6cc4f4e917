using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PersoActors.Cluster.Tests.Grains;
using PersoActors.Runtime;
using PersoActors.Runtime.Activations;
using PersoActors.Runtime.Cluster;
using PersoActors.Runtime.Cluster.Hosting;
using PersoActors.Runtime.Cluster.Membership;
using PersoActors.Runtime.Cluster.Transport;
using PersoActors.Runtime.Hosting;
using PersoActors.Runtime.State;

namespace PersoActors.Cluster.Tests.Infrastructure;

/// <summary>Silos and clients in this process sharing one membership table and one grain store,
/// connected by in-memory pipes or by real loopback TCP.</summary>
internal sealed class TestCluster(bool tcp, IMembershipTable? table = null, IGrainStorage? storage = null) : IAsyncDisposable
{
    private readonly List<IHost> hosts = [];

    public IMembershipTable Table { get; } = table ?? new InMemoryMembershipTable();

    public IGrainStorage Storage { get; } = storage ?? new MemoryGrainStorage();

    public InMemoryNetwork Network { get; } = new();

    public List<TestSilo> Silos { get; } = [];

    public static async Task<TestCluster> StartAsync(int silos, bool tcp, IMembershipTable? table = null, IGrainStorage? storage = null)
    {
        var cluster = new TestCluster(tcp, table, storage);
        for (var i = 0; i < silos; i++)
        {
            await cluster.AddSiloAsync();
        }

        await cluster.WaitForConvergenceAsync();
        return cluster;
    }

    public static void FastTimings(ClusterOptions options)
    {
        options.ClusterId = "test";
        options.HeartbeatPeriod = TimeSpan.FromMilliseconds(200);
        options.RefreshPeriod = TimeSpan.FromMilliseconds(200);
        // Generous for a loaded 2-core machine: a starved but live silo must not be voted out.
        options.SuspectAfter = TimeSpan.FromSeconds(3);
        options.ProbePeriod = TimeSpan.FromMilliseconds(250);
        options.ProbeTimeout = TimeSpan.FromSeconds(1.5);
        options.MissedProbesToSuspect = 3;
        options.MaxReconnectBackoff = TimeSpan.FromMilliseconds(200);
    }

    public async Task<TestSilo> AddSiloAsync()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddFilter(level => level >= LogLevel.Warning);
        if (Environment.GetEnvironmentVariable("CLUSTER_TEST_LOGS") == "1")
        {
            builder.Logging.AddSimpleConsole();
        }
        builder.Services.AddPersoActorsSilo(silo => silo
            .AddGrains(typeof(CounterGrain).Assembly)
            .UseStorage(_ => Storage)
            .Configure(o => o.CallTimeout = TimeSpan.FromSeconds(10))
            .UseCluster(cluster =>
            {
                cluster.UseMembership(_ => Table).Configure(FastTimings);
                if (!tcp)
                {
                    cluster.UseInMemoryTransport(Network);
                }
            }));
        var host = builder.Build();
        await host.StartAsync();
        hosts.Add(host);
        var silo = new TestSilo(host);
        Silos.Add(silo);
        return silo;
    }

    public async Task<IHost> StartClientAsync()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddPersoActorsClient(cluster =>
        {
            cluster.UseMembership(_ => Table).Configure(FastTimings);
            if (!tcp)
            {
                cluster.UseInMemoryTransport(Network);
            }
        });
        builder.Services.Configure<SiloOptions>(o => o.CallTimeout = TimeSpan.FromSeconds(15));
        var host = builder.Build();
        await host.StartAsync();
        hosts.Add(host);
        return host;
    }

    /// <summary>Waits until every running silo's view lists exactly the running silos as active.</summary>
    public async Task WaitForConvergenceAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var running = Silos.Where(s => s.Running).ToArray();
            var expected = running.Select(s => s.Address).OrderBy(a => a.Endpoint, StringComparer.Ordinal).ToArray();
            if (running.All(s => s.Membership.View.ActiveSilos.SequenceEqual(expected))
                && running.Select(s => s.Membership.View.Version).Distinct().Count() == 1)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The silos' views did not converge: " + string.Join("; ",
                    running.Select(s => $"{s.Address}: v{s.Membership.View.Version} [{string.Join(", ", s.Membership.View.ActiveSilos)}]")));
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(hosts))
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await host.StopAsync(timeout.Token);
            }
            catch (Exception)
            {
                // A crashed silo may fail to stop cleanly; it is disposed anyway.
            }

            host.Dispose();
        }
    }
}

internal sealed class TestSilo(IHost host)
{
    public IHost Host { get; } = host;

    public bool Running { get; private set; } = true;

    public SiloAddress Address => Host.Services.GetRequiredService<LocalSilo>().Address!;

    public ClusterMembership Membership => Host.Services.GetRequiredService<ClusterMembership>();

    public IGrainFactory Grains => Host.Services.GetRequiredService<IGrainFactory>();

    internal Catalog Catalog => Host.Services.GetRequiredService<Catalog>();

    public int ActivationCount => Catalog.Count;

    public bool HasActivation(GrainId grainId) => Catalog.Activations.Any(a => a.GrainId == grainId);

    public async Task StopAsync()
    {
        Running = false;
        await Host.StopAsync();
    }

    internal MembershipAgent Agent => Host.Services.GetRequiredService<MembershipAgent>();

    public LocalSilo Local => Host.Services.GetRequiredService<LocalSilo>();

    /// <summary>Cuts the silo's inbound transport (in-memory network only): it answers no call or
    /// ping any more, but keeps heartbeating into the table.</summary>
    public void StopAnswering(InMemoryNetwork network)
    {
        Running = false;
        network.DropInboundFrames(Address);
    }

    public void Crash()
    {
        Running = false;
        Host.Services.GetRequiredService<MembershipAgent>().SimulateCrash();
    }
}
