using PersoActors.Storage.Tests.Infrastructure;

namespace PersoActors.Storage.Tests.Cluster;

/// <summary>One two-silo cluster on SQLite shared by the tests of a class (each uses its own grain keys).</summary>
public sealed class SqliteClusterFixture : IAsyncLifetime
{
    private readonly TempDirectory directory = new();

    public SqliteCluster Silos { get; private set; } = null!;

    public string Path => directory.File("cluster.db");

    public async Task InitializeAsync() => Silos = await SqliteCluster.StartAsync(Path);

    public async Task DisposeAsync()
    {
        await Silos.DisposeAsync();
        directory.Dispose();
    }
}
