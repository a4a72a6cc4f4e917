using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>What the item-signals grain persists, every score decayed to <see cref="AsOf"/>, and how a delta is merged
/// into it (pure, so benchmarks replay the same merge without a silo).</summary>
public sealed class ItemSignalsState
{
    private const double Negligible = 1e-3;

    public long Version { get; set; }

    public DateTimeOffset AsOf { get; set; }

    public Dictionary<string, ItemSignalEntry> Items { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Decays the stored scores to the delta's time (or the delta to the stored time, when it is older), adds
    /// the delta, drops scores below 1e-3, keeps each item's <paramref name="maxNeighbours"/> strongest neighbours
    /// (ties: ordinal id) and bumps <see cref="Version"/>.</summary>
    public void Merge(ItemSignalDelta delta, TimeSpan halfLife, int maxNeighbours)
    {
        double deltaScale = 1;
        if (Items.Count == 0 || delta.AsOf > AsOf)
        {
            var factor = Decay.Factor(delta.AsOf - AsOf, halfLife);
            foreach (var entry in Items.Values)
            {
                Scale(entry, factor);
            }

            AsOf = delta.AsOf;
        }
        else
        {
            deltaScale = Decay.Factor(AsOf - delta.AsOf, halfLife);
        }

        foreach (var record in delta.Items)
        {
            if (!Items.TryGetValue(record.ItemId, out var entry))
            {
                entry = new ItemSignalEntry();
                Items[record.ItemId] = entry;
            }

            entry.Views += record.Views * deltaScale;
            entry.Purchases += record.Purchases * deltaScale;
            if (record.Neighbours is { Count: > 0 } incoming)
            {
                entry.Neighbours = MergeNeighbours(entry.Neighbours, incoming, deltaScale, maxNeighbours);
            }
        }

        Prune(maxNeighbours);
        Version++;
    }

    /// <summary>The signals as the decision snapshot reads them, neighbours strongest first.</summary>
    public ItemSignalsData ToData() => new(
        Version,
        AsOf,
        Items.Select(pair => new ItemSignalRecord(
            pair.Key,
            pair.Value.Views,
            pair.Value.Purchases,
            pair.Value.Neighbours?.OrderByDescending(n => n.Value).Select(n => new ItemNeighbour(n.Key, n.Value)).ToList())).ToList());

    // A delta brings up to thousands of neighbours per item, of which maxNeighbours stay: they are summed in a map
    // reused call after call and only the survivors get a map of their own (growing each item's stored map to the
    // delta's size and sorting it with LINQ was a tenth of what ingestion allocated). Same sums in the same order, and
    // the same map (contents and order) as adding everything to the stored map and pruning it with Strongest.
    [ThreadStatic]
    private static Dictionary<string, double>? mergeScratch;

    [ThreadStatic]
    private static List<KeyValuePair<string, double>>? rankScratch;

    private static Dictionary<string, double>? MergeNeighbours(
        Dictionary<string, double>? stored, IReadOnlyList<ItemNeighbour> incoming, double scale, int maxNeighbours)
    {
        var merged = mergeScratch ??= new Dictionary<string, double>(StringComparer.Ordinal);
        merged.Clear();
        foreach (var (itemId, weight) in stored ?? [])
        {
            merged.Add(itemId, weight);
        }

        for (var i = 0; i < incoming.Count; i++)
        {
            var neighbour = incoming[i];
            merged[neighbour.ItemId] = merged.GetValueOrDefault(neighbour.ItemId) + neighbour.Weight * scale;
        }

        var kept = Strongest(merged, maxNeighbours);
        return ReferenceEquals(kept, merged) ? new Dictionary<string, double>(merged, StringComparer.Ordinal) : kept;
    }

    // The neighbours to keep: the map itself when none is negligible and they are within the limit, else the strongest
    // non-negligible ones (ties: ordinal id) in a new map, in that order; null when none is left.
    private static Dictionary<string, double>? Strongest(Dictionary<string, double> neighbours, int maxNeighbours)
    {
        var negligible = false;
        foreach (var weight in neighbours.Values)
        {
            negligible |= weight < Negligible;
        }

        if (neighbours.Count <= maxNeighbours && !negligible)
        {
            return neighbours.Count == 0 ? null : neighbours;
        }

        var ranked = rankScratch ??= [];
        ranked.Clear();
        foreach (var pair in neighbours)
        {
            if (pair.Value >= Negligible)
            {
                ranked.Add(pair);
            }
        }

        ranked.Sort(Stronger);
        var kept = new Dictionary<string, double>(Math.Min(ranked.Count, maxNeighbours), StringComparer.Ordinal);
        for (var i = 0; i < ranked.Count && i < maxNeighbours; i++)
        {
            kept.Add(ranked[i].Key, ranked[i].Value);
        }

        return kept.Count == 0 ? null : kept;
    }

    private static int Stronger(KeyValuePair<string, double> a, KeyValuePair<string, double> b) =>
        b.Value.CompareTo(a.Value) is var byValue and not 0 ? byValue : string.CompareOrdinal(a.Key, b.Key);

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

    private void Prune(int maxNeighbours)
    {
        List<string>? empty = null;
        foreach (var (itemId, entry) in Items)
        {
            if (entry.Neighbours is { } neighbours)
            {
                entry.Neighbours = Strongest(neighbours, maxNeighbours);
            }

            if (entry.Views + entry.Purchases < Negligible && entry.Neighbours is null)
            {
                (empty ??= []).Add(itemId);
            }
        }

        foreach (var itemId in empty ?? [])
        {
            Items.Remove(itemId);
        }
    }
}

/// <summary>Decayed signals of one item.</summary>
public sealed class ItemSignalEntry
{
    public double Views { get; set; }

    public double Purchases { get; set; }

    public Dictionary<string, double>? Neighbours { get; set; }
}
