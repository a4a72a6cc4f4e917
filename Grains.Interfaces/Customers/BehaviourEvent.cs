namespace PersoActors.Grains.Interfaces.Customers;

/// <summary>Kinds of behaviour a site reports.</summary>
public enum EventType
{
    View,
    Click,
    Search,
    AddToCart,
    RemoveFromCart,
    Purchase,
    EmailOpen,
    Custom,
}

/// <summary>Something the customer did.</summary>
/// <param name="Type">What happened.</param>
/// <param name="Timestamp">When it happened (UTC).</param>
/// <param name="ItemId">The catalog item involved, if any.</param>
/// <param name="Categories">Categories of that item.</param>
/// <param name="Value">Monetary value (price, order total).</param>
public sealed record BehaviourEvent(
    EventType Type,
    DateTimeOffset Timestamp,
    string? ItemId = null,
    IReadOnlyList<string>? Categories = null,
    decimal? Value = null);

/// <summary>The outcome of tracking a batch.</summary>
/// <param name="Accepted">Events stored.</param>
/// <param name="Dropped">Events not stored.</param>
/// <param name="DropReason">Why they were not stored (e.g. no analytics consent).</param>
public sealed record TrackEventsResult(int Accepted, int Dropped, string? DropReason);

/// <summary>The profile as the API shows it.</summary>
public sealed record CustomerProfileView(string CustomerId, int EventCount, IReadOnlyList<BehaviourEvent> RecentEvents);
