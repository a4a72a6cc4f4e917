using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Storage;
using Orleans.TestingHost;
using PersoActors.Storage.Hosting;

namespace PersoActors.Storage.Tests.Cluster;

/// <summary>An Orleans in-process test cluster whose silos keep grain state in one SQLite file.</summary>
public sealed class SqliteCluster : IAsyncDisposable
{
    private SqliteCluster(InProcessTestCluster cluster) => Cluster = cluster;

    public InProcessTestCluster Cluster { get; }

    public IGrainFactory Grains => Cluster.Client;

    public static async Task<SqliteCluster> StartAsync(string path, short silos = 2)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureSilo((_, silo) => silo.AddSqliteGrainStorageAsDefault(path));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new SqliteCluster(cluster);
    }

    /// <summary>Every silo's storage (one instance per silo, all on the same file).</summary>
    public IEnumerable<SqliteGrainStorage> Storages => Cluster.Silos.Select(s =>
        (SqliteGrainStorage)s.ServiceProvider.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME));

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}
