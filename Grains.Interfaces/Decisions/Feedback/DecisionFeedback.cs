namespace PersoActors.Grains.Interfaces.Decisions;

/// <summary>What happened to a decision after it was served.</summary>
[GenerateSerializer]
public enum FeedbackType
{
    Impression,
    Click,
    Conversion,
}

/// <summary>Feedback on one decision (<c>POST /v1/decisions/{decisionId}/feedback</c>).</summary>
/// <param name="Type">impression, click or conversion.</param>
/// <param name="ItemId">The recommended item concerned, if any.</param>
/// <param name="OfferId">The offer concerned, if any.</param>
/// <param name="Value">Conversion value (order total).</param>
/// <param name="At">When it happened; defaults to now. Must lie within the attribution window after the decision.</param>
[GenerateSerializer, Immutable]
public sealed record DecisionFeedback(FeedbackType Type, string? ItemId = null, string? OfferId = null, decimal? Value = null, DateTimeOffset? At = null);

/// <summary>The outcome of feedback.</summary>
/// <param name="DecisionId">The decision.</param>
/// <param name="CustomerId">Whose decision it was (decoded from the id).</param>
/// <param name="Accepted">Counted now.</param>
/// <param name="Duplicate">Already counted before (idempotent retries are safe).</param>
/// <param name="AttributedTo">Experiment variants credited with a conversion.</param>
/// <param name="Reason">Why it was not accepted, if it was not.</param>
[GenerateSerializer, Immutable]
public sealed record DecisionFeedbackResult(
    string DecisionId,
    string CustomerId,
    bool Accepted,
    bool Duplicate,
    IReadOnlyList<ExperimentAssignment> AttributedTo,
    string? Reason = null);

/// <summary>The feedback counts of one decision.</summary>
[GenerateSerializer, Immutable]
public sealed record DecisionFeedbackSummary(
    string DecisionId,
    string CustomerId,
    DateTimeOffset IssuedAt,
    IReadOnlyList<ExperimentAssignment> Experiments,
    int Impressions,
    IReadOnlyList<string> ClickedItemIds,
    bool Converted,
    decimal ConversionValue);
