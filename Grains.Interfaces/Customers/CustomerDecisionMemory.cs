using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Interfaces.Customers;

/// <summary>What the customer grain remembers about the decisions made for the customer: part of every export,
/// carried by a merge, and erased with the profile. Recent decisions, feedback and converted experiments describe
/// behaviour: they are kept only with analytics consent and purged when a consent is withdrawn.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable]
public sealed record CustomerDecisionMemory
{
    /// <summary>Offer frequency-cap counters per offer (the current UTC day only).</summary>
    public OfferCapState? OfferCaps { get; init; }

    /// <summary>Experiment id → the variant the customer was exposed to (sticky).</summary>
    public IReadOnlyDictionary<string, string>? Experiments { get; init; }

    /// <summary>Experiments the customer converted in (each counts once per customer).</summary>
    public IReadOnlyList<string> ConvertedExperiments { get; init; } = [];

    /// <summary>Recent decisions and the items they showed, newest first, for attributing purchases.</summary>
    public IReadOnlyList<ServedDecision> RecentDecisions { get; init; } = [];

    /// <summary>Feedback recorded on the customer's decisions within the attribution window, newest first.</summary>
    public IReadOnlyList<DecisionFeedbackMemory> Feedback { get; init; } = [];

    /// <summary>Nothing remembered.</summary>
    public static CustomerDecisionMemory Empty { get; } = new();
}

/// <summary>A decision served to the customer and the items it showed.</summary>
/// <param name="DecisionId">The decision id.</param>
/// <param name="At">When it was served.</param>
/// <param name="ItemIds">The items it showed.</param>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable]
public sealed record ServedDecision(string DecisionId, DateTimeOffset At, IReadOnlyList<string> ItemIds);

/// <summary>The feedback counted for one of the customer's decisions (what de-duplicates retries).</summary>
/// <param name="DecisionId">The decision id.</param>
/// <param name="IssuedAt">When the decision was served (decoded from its id).</param>
/// <param name="Impressions">1 once an impression was counted.</param>
/// <param name="DecisionClicked">A click without an item was counted.</param>
/// <param name="ClickedItemIds">Items whose click was counted.</param>
/// <param name="Converted">A conversion was counted.</param>
/// <param name="ConversionValue">Its value.</param>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable]
public sealed record DecisionFeedbackMemory(
    string DecisionId,
    DateTimeOffset IssuedAt,
    int Impressions = 0,
    bool DecisionClicked = false,
    IReadOnlyList<string>? ClickedItemIds = null,
    bool Converted = false,
    decimal ConversionValue = 0);
