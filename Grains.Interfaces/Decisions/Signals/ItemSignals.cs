namespace PersoActors.Grains.Interfaces.Decisions;

/// <summary>Kinds of item interaction that feed item signals and recent-item memory.</summary>
[GenerateSerializer]
public enum InteractionKind
{
    View,
    Click,
    AddToCart,
    Purchase,
}

/// <summary>One interaction a customer grain reports to its silo's aggregator.</summary>
/// <param name="ItemId">The item interacted with.</param>
/// <param name="Kind">What happened.</param>
/// <param name="At">When (UTC).</param>
/// <param name="CoItemIds">Items the same customer touched recently (same session or profile);
/// each forms a co-occurrence pair with <paramref name="ItemId"/>. At most 20 are used.</param>
[GenerateSerializer, Immutable]
public sealed record ItemInteraction(string ItemId, InteractionKind Kind, DateTimeOffset At, IReadOnlyList<string>? CoItemIds = null);

/// <summary>Signals accumulated by one silo since its last flush. Scores are already decayed to <see cref="AsOf"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record ItemSignalDelta(DateTimeOffset AsOf, IReadOnlyList<ItemSignalRecord> Items);

/// <summary>Time-decayed signals of one item.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Views">Decayed count of views and clicks.</param>
/// <param name="Purchases">Decayed count of purchases (cart adds count half).</param>
/// <param name="Neighbours">Decayed co-occurrence weights with other items, strongest first.</param>
[GenerateSerializer, Immutable]
public sealed record ItemSignalRecord(string ItemId, double Views, double Purchases, IReadOnlyList<ItemNeighbour>? Neighbours = null);

/// <summary>Co-occurrence weight of an item with another.</summary>
[GenerateSerializer, Immutable]
public sealed record ItemNeighbour(string ItemId, double Weight);

/// <summary>All persisted item signals, decayed to <see cref="AsOf"/>.</summary>
/// <param name="Version">Bumped on every merge; silos rebuild their index when it changes.</param>
/// <param name="AsOf">The time all scores are decayed to.</param>
/// <param name="Items">Signals per item.</param>
[GenerateSerializer, Immutable]
public sealed record ItemSignalsData(long Version, DateTimeOffset AsOf, IReadOnlyList<ItemSignalRecord> Items);
