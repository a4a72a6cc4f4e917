using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Customers;

/// <summary>What a piece of feedback did: counted, a retry, or rejected with a reason; and which experiment variants
/// a counted conversion credits (those the customer has not converted in yet).</summary>
public sealed record FeedbackOutcome(bool Accepted, bool Duplicate, string? Reason, IReadOnlyList<ExperimentAssignment> Credit)
{
    public static FeedbackOutcome Retry { get; } = new(false, true, null, []);
}

/// <summary>Feedback on one customer's decisions, kept in the customer grain so that it lives and dies with the
/// profile (nothing keyed by a decision id outlives an erasure). Impressions and conversions count once per
/// decision, clicks once per item; a conversion credits each experiment once per customer. Only decisions inside
/// the attribution window are remembered (feedback outside it is rejected anyway), at most
/// <see cref="MaxDecisions"/> of them.</summary>
public sealed class DecisionFeedbackLedger
{
    public const int MaxDecisions = 32;
    public const int MaxClickedItems = 100;
    public const int MaxConvertedExperiments = 200;
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    // Null until used: every active customer has a ledger, few have feedback, and two empty lists cost 64 bytes.
    private List<DecisionFeedbackMemory>? entries;
    private List<string>? converted;

    /// <summary>Remembered decisions, newest first.</summary>
    public IReadOnlyList<DecisionFeedbackMemory> Entries => entries ?? [];

    public IReadOnlyList<string> ConvertedExperiments => converted ?? [];

    public bool IsEmpty => Entries.Count == 0 && ConvertedExperiments.Count == 0;

    private List<DecisionFeedbackMemory> EntryList => entries ??= [];

    private List<string> ConvertedList => converted ??= [];

    public static DecisionFeedbackLedger Restore(IEnumerable<DecisionFeedbackMemory>? entries, IEnumerable<string>? converted)
    {
        var ledger = new DecisionFeedbackLedger();
        if (entries is not null)
        {
            ledger.EntryList.AddRange(entries.OrderByDescending(e => e.IssuedAt).DistinctBy(e => e.DecisionId, StringComparer.Ordinal).Take(MaxDecisions));
        }

        if (converted is not null)
        {
            ledger.ConvertedList.AddRange(converted.Distinct(StringComparer.Ordinal).TakeLast(MaxConvertedExperiments));
        }

        return ledger;
    }

    public void Clear()
    {
        entries = null;
        converted = null;
    }

    public FeedbackOutcome Record(string decisionId, DecodedDecision decision, DecisionFeedback feedback, DateTimeOffset now, TimeSpan window)
    {
        var at = feedback.At ?? now;
        if (at < decision.IssuedAt - ClockSkew || at > decision.IssuedAt + window)
        {
            return new FeedbackOutcome(false, false, "outside_attribution_window", []);
        }

        Prune(now, window);
        var index = EntryList.FindIndex(e => string.Equals(e.DecisionId, decisionId, StringComparison.Ordinal));
        var entry = index >= 0 ? EntryList[index] : new DecisionFeedbackMemory(decisionId, decision.IssuedAt);
        IReadOnlyList<ExperimentAssignment> credit = [];
        switch (feedback.Type)
        {
            case FeedbackType.Impression:
                if (entry.Impressions > 0)
                {
                    return FeedbackOutcome.Retry;
                }

                entry = entry with { Impressions = 1 };
                break;
            case FeedbackType.Click when feedback.ItemId is { } itemId:
                var clicked = entry.ClickedItemIds ?? [];
                if (clicked.Contains(itemId, StringComparer.Ordinal))
                {
                    return FeedbackOutcome.Retry;
                }

                entry = entry with { ClickedItemIds = clicked.Count < MaxClickedItems ? [.. clicked, itemId] : clicked };
                break;
            case FeedbackType.Click:
                if (entry.DecisionClicked)
                {
                    return FeedbackOutcome.Retry;
                }

                entry = entry with { DecisionClicked = true };
                break;
            default:
                if (entry.Converted)
                {
                    return FeedbackOutcome.Retry;
                }

                entry = entry with { Converted = true, ConversionValue = feedback.Value ?? 0 };
                credit = [.. decision.Experiments.Where(e => !ConvertedList.Contains(e.ExperimentId, StringComparer.Ordinal))
                    .DistinctBy(e => e.ExperimentId, StringComparer.Ordinal)];
                foreach (var experiment in credit)
                {
                    ConvertedList.Add(experiment.ExperimentId);
                }

                if (ConvertedList.Count > MaxConvertedExperiments)
                {
                    ConvertedList.RemoveRange(0, ConvertedList.Count - MaxConvertedExperiments);
                }

                break;
        }

        if (index >= 0)
        {
            EntryList[index] = entry;
        }
        else
        {
            var position = EntryList.FindIndex(e => e.IssuedAt < entry.IssuedAt);
            EntryList.Insert(position < 0 ? EntryList.Count : position, entry);
            if (EntryList.Count > MaxDecisions)
            {
                EntryList.RemoveAt(EntryList.Count - 1);
            }
        }

        return new FeedbackOutcome(true, false, null, credit);
    }

    /// <summary>The counts remembered for a decision (zeros when none, or once it left the window).</summary>
    public DecisionFeedbackSummary Summary(string decisionId, DecodedDecision decision)
    {
        var entry = entries?.Find(e => string.Equals(e.DecisionId, decisionId, StringComparison.Ordinal));
        return new DecisionFeedbackSummary(decisionId, decision.CustomerId, decision.IssuedAt, decision.Experiments,
            entry?.Impressions ?? 0, entry?.ClickedItemIds ?? [], entry?.Converted ?? false, entry?.ConversionValue ?? 0);
    }

    private void Prune(DateTimeOffset now, TimeSpan window) => entries?.RemoveAll(e => e.IssuedAt + window + ClockSkew < now);
}
