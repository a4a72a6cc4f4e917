using Microsoft.Extensions.Options;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>What the item-signals grain persists: every score decayed to <see cref="AsOf"/>.</summary>
public sealed class ItemSignalsState
{
    public long Version { get; set; }

    public DateTimeOffset AsOf { get; set; }

    public Dictionary<string, ItemSignalEntry> Items { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Decayed signals of one item.</summary>
public sealed class ItemSignalEntry
{
    public double Views { get; set; }

    public double Purchases { get; set; }

    public Dictionary<string, double>? Neighbours { get; set; }
}

/// <summary>Cluster-wide popularity and co-occurrence. Merging decays the stored scores to the delta's time,
/// adds the delta, prunes negligible scores and keeps the strongest neighbours, then persists.</summary>
[GrainType("item-signals")]
public sealed class ItemSignalsGrain([PersistentState("signals")] IPersistentState<ItemSignalsState> state, IOptions<DecisionOptions> options)
    : Grain, IItemSignalsGrain
{
    private const double Negligible = 1e-3;
    private readonly DecisionOptions settings = options.Value;
    private ItemSignalsData? cached;

    public async Task<long> MergeAsync(ItemSignalDelta delta)
    {
        var stored = state.State;
        double deltaScale = 1;
        if (stored.Items.Count == 0 || delta.AsOf > stored.AsOf)
        {
            var factor = Decay.Factor(delta.AsOf - stored.AsOf, settings.PopularityHalfLife);
            foreach (var entry in stored.Items.Values)
            {
                Scale(entry, factor);
            }

            stored.AsOf = delta.AsOf;
        }
        else
        {
            deltaScale = Decay.Factor(stored.AsOf - delta.AsOf, settings.PopularityHalfLife);
        }

        foreach (var record in delta.Items)
        {
            if (!stored.Items.TryGetValue(record.ItemId, out var entry))
            {
                entry = new ItemSignalEntry();
                stored.Items[record.ItemId] = entry;
            }

            entry.Views += record.Views * deltaScale;
            entry.Purchases += record.Purchases * deltaScale;
            foreach (var neighbour in record.Neighbours ?? [])
            {
                entry.Neighbours ??= new Dictionary<string, double>(StringComparer.Ordinal);
                entry.Neighbours[neighbour.ItemId] = entry.Neighbours.GetValueOrDefault(neighbour.ItemId) + neighbour.Weight * deltaScale;
            }
        }

        Prune(stored);
        stored.Version++;
        cached = null;
        await state.WriteStateAsync();
        return stored.Version;
    }

    public Task<long> GetVersionAsync() => Task.FromResult(state.State.Version);

    public Task<ItemSignalsData> GetSignalsAsync()
    {
        cached ??= new ItemSignalsData(
            state.State.Version,
            state.State.AsOf,
            state.State.Items.Select(pair => new ItemSignalRecord(
                pair.Key,
                pair.Value.Views,
                pair.Value.Purchases,
                pair.Value.Neighbours?.OrderByDescending(n => n.Value).Select(n => new ItemNeighbour(n.Key, n.Value)).ToList())).ToList());
        return Task.FromResult(cached);
    }

    private static void Scale(ItemSignalEntry entry, double factor)
    {
        entry.Views *= factor;
        entry.Purchases *= factor;
        if (entry.Neighbours is { } neighbours)
        {
            foreach (var key in neighbours.Keys)
            {
                neighbours[key] *= factor;
            }
        }
    }

    private void Prune(ItemSignalsState stored)
    {
        List<string>? empty = null;
        foreach (var (itemId, entry) in stored.Items)
        {
            if (entry.Neighbours is { } neighbours)
            {
                var keep = neighbours.Where(n => n.Value >= Negligible)
                    .OrderByDescending(n => n.Value).ThenBy(n => n.Key, StringComparer.Ordinal)
                    .Take(settings.MaxNeighbours);
                entry.Neighbours = neighbours.Count > settings.MaxNeighbours || neighbours.Values.Any(v => v < Negligible)
                    ? keep.ToDictionary(StringComparer.Ordinal)
                    : neighbours;
                if (entry.Neighbours.Count == 0)
                {
                    entry.Neighbours = null;
                }
            }

            if (entry.Views + entry.Purchases < Negligible && entry.Neighbours is null)
            {
                (empty ??= []).Add(itemId);
            }
        }

        foreach (var itemId in empty ?? [])
        {
            stored.Items.Remove(itemId);
        }
    }
}
