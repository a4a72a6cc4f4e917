using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PersoActors.Grains.Decisions;
using PersoActors.Runtime;
using PersoActors.Runtime.Hosting;

namespace PersoActors.Grains.Tests.Decisions;

/// <summary>A real in-process silo with SQLite storage in a temp file and the decision services.</summary>
internal sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost host;

    private TestSilo(IHost host) => this.host = host;

    public IGrainFactory Grains => host.Services.GetRequiredService<IGrainFactory>();

    public DecisionSnapshotHolder Snapshots => host.Services.GetRequiredService<DecisionSnapshotHolder>();

    public ItemSignalAggregator Aggregator => host.Services.GetRequiredService<ItemSignalAggregator>();

    public DecisionEngine Engine => host.Services.GetRequiredService<DecisionEngine>();

    public static async Task<TestSilo> StartAsync(string databasePath, Action<DecisionOptions>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddPersoActorsSilo(silo => silo.AddGrains(typeof(CatalogGrain).Assembly).UseSqliteStorage(databasePath));
        builder.Services.AddPersoActorsDecisions(options =>
        {
            options.RefreshInterval = TimeSpan.FromMilliseconds(100);
            options.SignalsFlushInterval = TimeSpan.FromHours(1); // tests flush explicitly
            configure?.Invoke(options);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new TestSilo(host);
    }

    /// <summary>Completes when the silo's snapshot satisfies <paramref name="condition"/> (checked on every refresh).</summary>
    public async Task<DecisionSnapshot> WhenSnapshotAsync(Func<DecisionSnapshot, bool> condition)
    {
        var reached = new TaskCompletionSource<DecisionSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnRefreshed(DecisionSnapshot s)
        {
            if (condition(s))
            {
                reached.TrySetResult(s);
            }
        }

        Snapshots.Refreshed += OnRefreshed;
        try
        {
            OnRefreshed(Snapshots.Current);
            return await reached.Task.WaitAsync(TimeSpan.FromSeconds(15));
        }
        finally
        {
            Snapshots.Refreshed -= OnRefreshed;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        if (host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            host.Dispose();
        }
    }
}

/// <summary>A temp directory removed after the test.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("persoactors-decisions-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
