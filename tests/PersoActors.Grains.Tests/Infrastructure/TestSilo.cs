using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;
using PersoActors.Grains.Customers;
using PersoActors.Grains.Decisions;
using PersoActors.Grains.Hosting;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Grains.Orchestration;
using PersoActors.Storage.Hosting;

namespace PersoActors.Grains.Tests.Infrastructure;

/// <summary>How a <see cref="TestSilo"/> is set up.</summary>
internal sealed record TestSiloOptions
{
    public Action<DecisionOptions>? Decisions { get; init; }

    public Action<CustomerProfileOptions>? Customers { get; init; }

    /// <summary>Idle time before an activation is collected (Orleans' default of the project when null).</summary>
    public TimeSpan? CollectionAge { get; init; }

    /// <summary>Further changes to Orleans' activation collection and shedding settings.</summary>
    public Action<GrainCollectionOptions>? Collection { get; init; }

    public TimeProvider? Clock { get; init; }

    /// <summary>With triggers and webhook delivery (and SQLite reminders in the state file), configured by this.</summary>
    public Action<OrchestrationOptions>? Orchestration { get; init; }

    /// <summary>The clock of due times and delivery timers (real time when null).</summary>
    public TimeProvider? OrchestrationClock { get; init; }

    /// <summary>Without the decision services (catalog snapshot, item-signal aggregator): customer grains alone.</summary>
    public bool ProfilesOnly { get; init; }
}

/// <summary>A real Orleans silo in its own host, with SQLite storage in the given file and the decision services.</summary>
internal sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost host;

    private TestSilo(IHost host) => this.host = host;

    public IGrainFactory Grains => host.Services.GetRequiredService<IGrainFactory>();

    public IServiceProvider Services => host.Services;

    public DecisionSnapshotHolder Snapshots => host.Services.GetRequiredService<DecisionSnapshotHolder>();

    public ItemSignalAggregator Aggregator => host.Services.GetRequiredService<ItemSignalAggregator>();

    public DecisionEngine Engine => host.Services.GetRequiredService<DecisionEngine>();

    /// <summary>The customer <paramref name="id"/>, with analytics and personalization consent granted.</summary>
    public async Task<ICustomerGrain> ConsentingCustomerAsync(string id)
    {
        var grain = Grains.GetGrain<ICustomerGrain>(id);
        await grain.ChangeConsentsAsync(Customers.Events.Grant(ConsentPurpose.Analytics, ConsentPurpose.Personalization));
        return grain;
    }

    public static Task<TestSilo> StartAsync(string databasePath, Action<DecisionOptions>? configure = null) =>
        StartAsync(databasePath, new TestSiloOptions { Decisions = configure });

    public static async Task<TestSilo> StartAsync(string databasePath, TestSiloOptions options)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        if (options.Clock is { } clock)
        {
            builder.Services.AddSingleton(clock);
        }

        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort: FreePort.On(IPAddress.Loopback), gatewayPort: 0, clusterId: $"test-{Guid.NewGuid():N}");
            silo.AddSqliteGrainStorageAsDefault(databasePath);
            silo.AddPersoActorsGrains();
            if (options.Orchestration is not null)
            {
                silo.UseSqliteReminders(databasePath);
            }

            silo.Services.Configure<GrainCollectionOptions>(o =>
            {
                if (options.CollectionAge is { } age)
                {
                    o.CollectionAge = age;
                    o.CollectionQuantum = age / 2;
                }

                options.Collection?.Invoke(o);
            });
        });
        builder.Services.Configure<CustomerProfileOptions>(o => options.Customers?.Invoke(o));
        if (!options.ProfilesOnly)
        {
            builder.Services.AddPersoActorsDecisions(o =>
            {
                o.RefreshInterval = TimeSpan.FromMilliseconds(100);
                o.SignalsFlushInterval = TimeSpan.FromHours(1); // tests flush explicitly
                options.Decisions?.Invoke(o);
            });
        }
        if (options.Orchestration is { } orchestration)
        {
            if (options.OrchestrationClock is { } orchestrationClock)
            {
                builder.Services.AddSingleton(new OrchestrationClock(orchestrationClock));
            }

            builder.Services.AddPersoActorsOrchestration(orchestration);
        }

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

    /// <summary>Stops the silo the way a crash would, as far as the store can tell: the stop is cancelled before it
    /// begins, so Orleans skips the graceful shutdown and no grain is deactivated or flushed.</summary>
    public async Task AbandonAsync()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        try
        {
            await host.StopAsync(cancelled.Token);
        }
        catch (OperationCanceledException)
        {
        }

        host.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
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
