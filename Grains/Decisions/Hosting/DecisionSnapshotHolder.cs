using Microsoft.Extensions.Options;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>The per-silo decision snapshot. <see cref="RefreshAsync"/> compares the catalog, item-signals shard and
/// config versions with the held ones, fetches and rebuilds only what changed; a background service calls it every
/// <see cref="DecisionOptions.RefreshInterval"/>, so an upload reaches every silo without restarts.</summary>
public sealed class DecisionSnapshotHolder(IGrainFactory grains, IOptions<DecisionOptions> options)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly ItemSignalsData?[] signalShards = new ItemSignalsData?[ItemShards.Count];
    private volatile DecisionSnapshot current = DecisionSnapshot.Empty;

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
            var configGrain = grains.GetGrain<IDecisionConfigGrain>(key);
            var catalogVersion = catalogGrain.GetVersionAsync();
            var configVersion = configGrain.GetVersionAsync();
            var signalsChanged = FetchChangedSignalShardsAsync(key);
            await Task.WhenAll(catalogVersion, configVersion, signalsChanged);

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

            if (changed || signalsChanged.Result)
            {
                var data = CombineSignalShards();
                signals = await Task.Run(() => SignalIndex.Build(catalog, data), cancellationToken);
                changed = true;
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

    /// <summary>Reads the signals of the shards whose version moved; true when any did (or none was read yet).</summary>
    private async Task<bool> FetchChangedSignalShardsAsync(string key)
    {
        var changed = await Task.WhenAll(Enumerable.Range(0, ItemShards.Count).Select(async shard =>
        {
            var grain = grains.GetGrain<IItemSignalsGrain>(ItemShards.Key(key, shard));
            if (signalShards[shard] is { } held && held.Version == await grain.GetVersionAsync())
            {
                return false;
            }

            signalShards[shard] = await grain.GetSignalsAsync();
            return true;
        }));
        return changed.Any(c => c);
    }

    /// <summary>One view of all shards, decayed to the latest shard's time (each shard is decayed to its last merge).
    /// Its version is the sum of the shard versions, so it grows whenever any shard changes.</summary>
    private ItemSignalsData CombineSignalShards()
    {
        var shards = signalShards.OfType<ItemSignalsData>().ToArray();
        var asOf = shards.Select(s => s.AsOf).DefaultIfEmpty().Max();
        var halfLife = options.Value.PopularityHalfLife;
        var items = shards.SelectMany(shard =>
        {
            var factor = Decay.Factor(asOf - shard.AsOf, halfLife);
            return factor == 1 ? shard.Items : shard.Items.Select(r => r with
            {
                Views = r.Views * factor,
                Purchases = r.Purchases * factor,
                Neighbours = r.Neighbours?.Select(n => n with { Weight = n.Weight * factor }).ToList(),
            });
        }).ToList();
        return new ItemSignalsData(shards.Sum(s => s.Version), asOf, items);
    }
}
