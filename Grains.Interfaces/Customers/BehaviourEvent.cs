namespace PersoActors.Grains.Interfaces.Customers;

/// <summary>Something the customer did.</summary>
/// <param name="Type">What happened.</param>
/// <param name="Timestamp">When it happened (UTC; kept to the second).</param>
/// <param name="ItemId">The catalog item involved, if any.</param>
/// <param name="Categories">Categories of that item (or of a search).</param>
/// <param name="Brand">Brand of that item.</param>
/// <param name="Value">Money: the unit price for cart events, the amount paid for a purchase
/// (kept to 2 decimal places).</param>
/// <param name="Quantity">Units added, removed or bought (default 1).</param>
/// <param name="Query">The search text of a <c>search</c> event.</param>
/// <param name="Name">The name of a <c>custom</c> event.</param>
/// <param name="OrderId">The order a <c>purchase</c> belongs to: purchase events sharing an order id
/// count as one order.</param>
/// <param name="DecisionId">For a <c>purchase</c>: the decision that led to it (its conversion is attributed to that
/// decision). Not stored with the event.</param>
[GenerateSerializer, Immutable]
public sealed record BehaviourEvent(
    EventType Type,
    DateTimeOffset Timestamp,
    string? ItemId = null,
    IReadOnlyList<string>? Categories = null,
    string? Brand = null,
    decimal? Value = null,
    int? Quantity = null,
    string? Query = null,
    string? Name = null,
    string? OrderId = null,
    string? DecisionId = null);

/// <summary>The outcome of tracking a batch.</summary>
/// <param name="Accepted">Events stored (durably, before this answer).</param>
/// <param name="Dropped">Events not stored.</param>
/// <param name="DropReason">Why they were not stored (e.g. no analytics consent).</param>
/// <param name="Duplicate">The batch's idempotency key was seen before: its events were stored then (and counted in
/// <paramref name="Accepted"/>), not again now.</param>
/// <param name="MergedInto">This anonymous id was merged into that customer and forwards its events there (see
/// <see cref="MergeForwarding"/>): none were stored here, and the caller sends them on.</param>
[GenerateSerializer, Immutable]
public sealed record TrackEventsResult(int Accepted, int Dropped, string? DropReason, bool Duplicate = false, string? MergedInto = null);
