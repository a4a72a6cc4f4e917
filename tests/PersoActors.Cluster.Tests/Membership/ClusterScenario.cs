using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Data.Sqlite;
using Orleans.Configuration;
using PersoActors.Cluster.Tests.Grains;
using PersoActors.Cluster.Tests.Infrastructure;
using PersoActors.Storage.Hosting;
using PersoActors.Storage.Membership;
using PersoActors.Tests.Shared;

namespace PersoActors.Cluster.Tests.Membership;

/// <summary>A real Orleans cluster on one of our membership tables: two silos, each its own generic host (as two
/// processes would be, minus the process boundary), and a client finding them through the same table. Silos and
/// client are configured the way the executables do it: from a clustering spec string.</summary>
public abstract class ClusterScenario : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private const int GrainCount = 40;

    private readonly string clusterId = "cluster-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<IHost> hosts = [];

    /// <summary>Where the membership table lives, e.g. <c>sqlite:/tmp/x/membership.db</c>.</summary>
    protected abstract string Clustering { get; }

    [Fact]
    public async Task Two_silos_sharing_a_membership_table_serve_a_client_and_one_leaving_gracefully_loses_no_answers()
    {
        var first = await StartSiloAsync();
        var second = await StartSiloAsync();
        var client = await StartClientAsync();
        var management = client.GetGrain<IManagementGrain>(0);

        await Eventually.WaitUntilAsync(async () => (await management.GetHosts(onlyActive: true)).Count == 2, Patience);
        var before = await AskAllAsync(client);
        var firstAddress = Address(first);
        var secondAddress = Address(second);
        Assert.Equal(new HashSet<string> { firstAddress, secondAddress }, before.ToHashSet());

        await second.StopAsync();

        await Eventually.WaitUntilAsync(async () => (await management.GetHosts(onlyActive: true)).Keys.Select(s => s.ToParsableString()).SequenceEqual([firstAddress]), Patience);
        var after = await AskAllAsync(client);
        Assert.All(after, silo => Assert.Equal(firstAddress, silo));

        // The departed silo recorded its own death on the way out; the survivor is still active.
        var rows = (await ReadTableAsync()).Members.ToDictionary(m => m.Item1.SiloAddress.ToParsableString(), m => m.Item1.Status);
        Assert.Equal(SiloStatus.Dead, rows[secondAddress]);
        Assert.Equal(SiloStatus.Active, rows[firstAddress]);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        // Client first (it was started last), then the silos, so nothing waits on a departed peer.
        foreach (var host in Enumerable.Reverse(hosts))
        {
            await host.StopAsync();
            host.Dispose();
        }
    }

    private async Task<MembershipTableData> ReadTableAsync()
    {
        var spec = ClusteringSpec.Parse(Clustering);
        if (spec.Store == ClusteringStore.Sqlite)
        {
            return await new SqliteMembershipTable(clusterId, new SqliteClusteringOptions { DatabasePath = spec.Target }).ReadAllAsync();
        }

        await using var table = new PostgresMembershipTable(clusterId, new PostgresClusteringOptions { ConnectionString = spec.Target });
        return await table.ReadAllAsync();
    }

    private static async Task<string[]> AskAllAsync(IClusterClient client) =>
        await Task.WhenAll(Enumerable.Range(0, GrainCount).Select(key => client.GetGrain<IWhereaboutsGrain>(key).GetSiloAsync()));

    private static string Address(IHost silo) => silo.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString();

    private async Task<IHost> StartSiloAsync()
    {
        var host = Host.CreateDefaultBuilder()
            .UseOrleans(silo => silo
                .UseClustering(ClusteringSpec.Parse(Clustering))
                .UseFastFailureDetection()
                .Configure<ClusterOptions>(Identify)
                .ConfigureEndpoints(IPAddress.Loopback, FreePort.On(IPAddress.Loopback), FreePort.On(IPAddress.Loopback)))
            .ConfigureLogging(Quiet)
            .Build();
        hosts.Add(host);
        await host.StartAsync();
        return host;
    }

    private async Task<IClusterClient> StartClientAsync()
    {
        var host = Host.CreateDefaultBuilder()
            .UseOrleansClient(client => client
                .UseClustering(ClusteringSpec.Parse(Clustering))
                .UseFastGatewayRefresh()
                .Configure<ClusterOptions>(Identify))
            .ConfigureLogging(Quiet)
            .Build();
        hosts.Add(host);
        await host.StartAsync();
        return host.Services.GetRequiredService<IClusterClient>();
    }

    private void Identify(ClusterOptions options)
    {
        options.ClusterId = clusterId;
        options.ServiceId = "persoactors-tests";
    }

    private static void Quiet(ILoggingBuilder logging) => logging.SetMinimumLevel(LogLevel.Warning);
}

public sealed class SqliteClusterTests : ClusterScenario
{
    private readonly string directory = Directory.CreateTempSubdirectory("persoactors-cluster-").FullName;

    protected override string Clustering => "sqlite:" + Path.Combine(directory, "membership.db");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresClusterTests(PostgresFixture postgres) : ClusterScenario
{
    protected override string Clustering => "postgres:" + postgres.ConnectionString;
}
