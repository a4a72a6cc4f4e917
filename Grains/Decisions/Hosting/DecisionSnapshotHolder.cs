using Microsoft.Extensions.Options;
using PersoActors.Grains.Interfaces.Decisions;
using PersoActors.Runtime;

namespace PersoActors.Grains.Decisions;

/// <summary>The per-silo decision snapshot. <see cref="RefreshAsync"/> compares the catalog, item-signals and
/// config versions with the held ones and rebuilds only what changed; a background service calls it every
/// <see cref="DecisionOptions.RefreshInterval"/>, so an upload reaches every silo without restarts.</summary>
public sealed class DecisionSnapshotHolder(IGrainFactory grains, IOptions<DecisionOptions> options)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile DecisionSnapshot current = DecisionSnapshot.Empty;
    private ItemSignalsData? signalsData;

    /// <summary>The snapshot decisions use now.</summary>
    public DecisionSnapshot Current => current;

    /// <summary>Raised after a new snapshot was installed.</summary>
    public event Action<DecisionSnapshot>? Refreshed;

    /// <summary>Replaces the snapshot directly (tests, tools).</summary>
    public void Set(DecisionSnapshot snapshot) => current = snapshot;

    /// <summary>Fetches whatever changed and installs a new snapshot; returns the snapshot in use afterwards.</summary>
    public async Task<DecisionSnapshot> RefreshAsync(CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var key = options.Value.Key;
            var catalogGrain = grains.GetGrain<ICatalogGrain>(key);
            var signalsGrain = grains.GetGrain<IItemSignalsGrain>(key);
            var configGrain = grains.GetGrain<IDecisionConfigGrain>(key);
            var catalogVersion = catalogGrain.GetVersionAsync();
            var signalsVersion = signalsGrain.GetVersionAsync();
            var configVersion = configGrain.GetVersionAsync();
            await Task.WhenAll(catalogVersion, signalsVersion, configVersion);

            var snapshot = current;
            var catalog = snapshot.Catalog;
            var signals = snapshot.Signals;
            var config = snapshot.Config;
            var changed = false;
            if (catalogVersion.Result != catalog.Version)
            {
                catalog = await Task.Run(async () => CatalogSnapshot.Build(await catalogGrain.GetContentsAsync()), cancellationToken);
                changed = true;
            }

            if (signalsVersion.Result != signals.Version || signalsData is null)
            {
                signalsData = await signalsGrain.GetSignalsAsync();
                changed = true;
            }

            if (changed)
            {
                var data = signalsData;
                signals = await Task.Run(() => SignalIndex.Build(catalog, data), cancellationToken);
            }

            if (configVersion.Result != config.Version)
            {
                config = CompiledDecisionConfig.Compile(await configGrain.GetConfigAsync());
                changed = true;
            }

            if (changed)
            {
                current = new DecisionSnapshot(catalog, signals, config);
                Refreshed?.Invoke(current);
            }

            return current;
        }
        finally
        {
            gate.Release();
        }
    }
}
