using System.Runtime.InteropServices;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>Signals gathered since the last flush. Contributions are stored relative to <see cref="Epoch"/>
/// (scaled by 2^((t − epoch)/half-life)), so adding is one multiply and the window's scores are
/// brought to flush time with a single factor. Not thread-safe: the aggregator serializes access.</summary>
public sealed class SignalAccumulator(DateTimeOffset epoch, TimeSpan halfLife)
{
    private const int MaxCoItems = 20;
    private readonly Dictionary<string, Entry> items = new(StringComparer.Ordinal);
    // Reused by every Add (one thread at a time): every recorded event passes through here, up to 20 co-items each.
    private readonly HashSet<string> coItemsSeen = new(StringComparer.Ordinal);

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
        coItemsSeen.Clear();
        for (var i = 0; i < coItems.Count && i < MaxCoItems; i++)
        {
            var other = coItems[i];
            if (string.IsNullOrEmpty(other) || other == interaction.ItemId || !coItemsSeen.Add(other))
            {
                continue;
            }

            AddPair(entry, other, pairWeight);
            AddPair(Get(other), interaction.ItemId, pairWeight);
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
                AddPair(entry, neighbour.ItemId, neighbour.Weight * scale);
            }
        }
    }

    /// <summary>The gathered signals decayed to <paramref name="asOf"/>.</summary>
    public ItemSignalDelta ToDelta(DateTimeOffset asOf)
    {
        var factor = Decay.Factor(asOf - Epoch, halfLife);
        var records = items.Select(pair => new ItemSignalRecord(
            pair.Key,
            pair.Value.Views * factor,
            pair.Value.Purchases * factor,
            pair.Value.Neighbours?.Select(n => new ItemNeighbour(n.Key, n.Value * factor)).ToList())).ToList();
        return new ItemSignalDelta(asOf, records);
    }

    private Entry Get(string itemId) => CollectionsMarshal.GetValueRefOrAddDefault(items, itemId, out _) ??= new Entry();

    private static void AddPair(Entry entry, string other, double weight)
    {
        entry.Neighbours ??= new Dictionary<string, double>(StringComparer.Ordinal);
        CollectionsMarshal.GetValueRefOrAddDefault(entry.Neighbours, other, out _) += weight;
    }

    private sealed class Entry
    {
        public double Views;
        public double Purchases;
        public Dictionary<string, double>? Neighbours;
    }
}
