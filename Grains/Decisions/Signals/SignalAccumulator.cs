using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>Signals gathered since the last flush. Contributions are stored relative to <see cref="Epoch"/>
/// (scaled by 2^((t − epoch)/half-life)), so adding is one multiply and the window's scores are
/// brought to flush time with a single factor. Not thread-safe: the aggregator serializes access. Neighbour maps come
/// from <paramref name="maps"/> when given, and go back to it with <see cref="ReturnMaps"/>.</summary>
public sealed class SignalAccumulator(DateTimeOffset epoch, TimeSpan halfLife, SignalAccumulator.NeighbourMapPool? maps = null)
{
    private const int MaxCoItems = 20;
    private readonly Dictionary<string, Entry> items = new(StringComparer.Ordinal);

    // Every recorded event passes through Add with up to 20 co-items, each a pair counted both ways: an item's id is
    // hashed once per event, and its pairs are keyed by its entry (identity hash), not by its id again (perf: string
    // hashing in the pair dictionaries was a tenth of the CPU of single-event ingestion). The stamp marks the entries
    // already paired by the current event, instead of a set of ids.
    private long stamp;

    public DateTimeOffset Epoch { get; } = epoch;

    public int Count => items.Count;

    public void Add(ItemInteraction interaction, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(interaction.ItemId))
        {
            return;
        }

        var at = interaction.At > now ? now : interaction.At;
        var scale = Decay.Factor(Epoch - at, halfLife);
        var entry = Get(interaction.ItemId);
        switch (interaction.Kind)
        {
            case InteractionKind.View or InteractionKind.Click:
                entry.Views += scale;
                break;
            case InteractionKind.AddToCart:
                entry.Purchases += 0.5 * scale;
                break;
            case InteractionKind.Purchase:
                entry.Purchases += scale;
                break;
        }

        if (interaction.CoItemIds is not { Count: > 0 } coItems)
        {
            return;
        }

        var pairWeight = scale * interaction.Kind switch
        {
            InteractionKind.Purchase => 3,
            InteractionKind.AddToCart => 2,
            _ => 1,
        };
        entry.Stamp = ++stamp;
        for (var i = 0; i < coItems.Count && i < MaxCoItems; i++)
        {
            if (string.IsNullOrEmpty(coItems[i]))
            {
                continue;
            }

            var other = Get(coItems[i]);
            if (other.Stamp == stamp)
            {
                continue;
            }

            other.Stamp = stamp;
            AddPair(entry, other, pairWeight);
            AddPair(other, entry, pairWeight);
        }
    }

    /// <summary>Adds signals that were decayed to <see cref="ItemSignalDelta.AsOf"/>.</summary>
    public void AddDelta(ItemSignalDelta delta)
    {
        var scale = Decay.Factor(Epoch - delta.AsOf, halfLife);
        foreach (var record in delta.Items)
        {
            var entry = Get(record.ItemId);
            entry.Views += record.Views * scale;
            entry.Purchases += record.Purchases * scale;
            foreach (var neighbour in record.Neighbours ?? [])
            {
                AddPair(entry, Get(neighbour.ItemId), neighbour.Weight * scale);
            }
        }
    }

    /// <summary>The gathered signals decayed to <paramref name="asOf"/>.</summary>
    public ItemSignalDelta ToDelta(DateTimeOffset asOf)
    {
        var factor = Decay.Factor(asOf - Epoch, halfLife);
        // An entry that is only another item's neighbour carries nothing of its own.
        var records = items.Values.Where(entry => entry is not { Views: 0, Purchases: 0, Neighbours: null }).Select(entry => new ItemSignalRecord(
            entry.ItemId,
            entry.Views * factor,
            entry.Purchases * factor,
            entry.Neighbours?.Select(n => new ItemNeighbour(n.Key.ItemId, n.Value * factor)).ToList())).ToList();
        return new ItemSignalDelta(asOf, records);
    }

    /// <summary>Hands the neighbour maps back to the pool this accumulator was given, cleared; call once the delta is
    /// taken. The accumulator is empty afterwards.</summary>
    public void ReturnMaps()
    {
        if (maps is null)
        {
            return;
        }

        foreach (var entry in items.Values)
        {
            if (entry.Neighbours is { } neighbours)
            {
                maps.Return(neighbours);
                entry.Neighbours = null;
            }
        }

        items.Clear();
    }

    private Entry Get(string itemId) => CollectionsMarshal.GetValueRefOrAddDefault(items, itemId, out _) ??= new Entry(itemId);

    private void AddPair(Entry entry, Entry other, double weight)
    {
        entry.Neighbours ??= maps?.Rent() ?? [];
        CollectionsMarshal.GetValueRefOrAddDefault(entry.Neighbours, other, out _) += weight;
    }

    /// <summary>Neighbour maps passed from a flushed window's accumulator to the next windows' ones: a map keeps the
    /// capacity it grew to, where a new map per item and window regrew from empty every window (a tenth of what
    /// single-event ingestion allocated). Thread-safe: a flushed accumulator returns maps while the current one rents.</summary>
    public sealed class NeighbourMapPool
    {
        // Bounded so that one unusual window cannot pin its maps for good.
        private const int MaxMaps = 100_000;
        private readonly ConcurrentStack<Dictionary<Entry, double>> free = new();
        private int count;

        /// <summary>Maps waiting to be reused.</summary>
        public int Count => Volatile.Read(ref count);

        internal Dictionary<Entry, double> Rent()
        {
            if (!free.TryPop(out var map))
            {
                return [];
            }

            Interlocked.Decrement(ref count);
            return map;
        }

        internal void Return(Dictionary<Entry, double> map)
        {
            if (Interlocked.Increment(ref count) > MaxMaps)
            {
                Interlocked.Decrement(ref count);
                return;
            }

            map.Clear();
            free.Push(map);
        }
    }

    internal sealed class Entry(string itemId)
    {
        public readonly string ItemId = itemId;
        public double Views;
        public double Purchases;
        public long Stamp;
        public Dictionary<Entry, double>? Neighbours;
    }
}
