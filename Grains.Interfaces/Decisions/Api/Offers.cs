namespace PersoActors.Grains.Interfaces.Decisions;

/// <summary>Body of <c>POST /v1/customers/{id}/offers</c> (next best action).</summary>
/// <param name="Context">The request context; <c>Channel</c> is the delivery channel (default <c>web</c>).</param>
/// <param name="Max">Offers to return, 1..10 (default 1).</param>
/// <param name="Explain">Also list the offers skipped and why.</param>
[GenerateSerializer, Immutable]
public sealed record OffersRequest(DecisionContext? Context = null, int Max = 1, bool Explain = false);

/// <summary>The chosen offers.</summary>
[GenerateSerializer, Immutable]
public sealed record OffersResponse(
    string DecisionId,
    IReadOnlyList<OfferDecision> Offers,
    IReadOnlyList<string> Segments,
    IReadOnlyList<ExperimentAssignment> Experiments,
    IReadOnlyList<OfferSkip>? Skipped = null);

/// <summary>An offer made to the customer.</summary>
/// <param name="OfferId">The offer.</param>
/// <param name="Title">Text shown.</param>
/// <param name="Description">Longer text.</param>
/// <param name="Channel">Channel it is made on.</param>
/// <param name="Priority">Its priority.</param>
/// <param name="Payload">Opaque data for the site.</param>
/// <param name="Reason">Why it qualified, e.g. "segment cart_abandoner".</param>
[GenerateSerializer, Immutable]
public sealed record OfferDecision(string OfferId, string Title, string? Description, string Channel, int Priority, string Reason, IReadOnlyDictionary<string, string>? Payload = null);

/// <summary>An offer that was not made, with the reason: <c>no_marketing_consent</c>, <c>channel_not_offered</c>,
/// <c>channel_not_accepted</c>, <c>conditions_not_met</c>, <c>frequency_cap</c>, <c>over_max</c>.</summary>
[GenerateSerializer, Immutable]
public sealed record OfferSkip(string OfferId, string Reason);

/// <summary>Per-offer per-day counters of one customer. The customer grain persists it and passes it back on the next decision.</summary>
[GenerateSerializer, Immutable]
public sealed record OfferCapState(IReadOnlyDictionary<string, OfferCapCounter> Counters)
{
    /// <summary>No offer made yet.</summary>
    public static OfferCapState Empty { get; } = new(new Dictionary<string, OfferCapCounter>());
}

/// <summary>How often an offer was made on one UTC day.</summary>
[GenerateSerializer, Immutable]
public sealed record OfferCapCounter(DateOnly Day, int Count);
