using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Customers;

/// <summary>Folds an anonymous profile's decision memory into the known one's (anonymous → known merge):
/// <list type="bullet">
/// <item>offer caps: the same person saw both profiles' offers, so counters of the same offer on the same UTC day
/// are added; otherwise the newer day's counter is kept;</item>
/// <item>experiment variants: the known profile's variant wins; experiments only the anonymous profile was exposed
/// to are adopted (the exposure was already counted, so the customer is not counted again);</item>
/// <item>behaviour-derived memory (recent decisions, feedback, converted experiments) is merged only when the merged
/// profile has analytics consent, otherwise the anonymous part is discarded: recent decisions and feedback are
/// combined newest first within their bounds, converted experiments united.</item>
/// </list></summary>
public static class DecisionMemoryMerger
{
    public static CustomerDecisionMemory? Merge(CustomerDecisionMemory? known, CustomerDecisionMemory? anonymous, bool analytics)
    {
        if (anonymous is null)
        {
            return known;
        }

        known ??= CustomerDecisionMemory.Empty;
        var merged = known with
        {
            OfferCaps = MergeCaps(known.OfferCaps, anonymous.OfferCaps),
            Experiments = MergeExperiments(known.Experiments, anonymous.Experiments),
        };
        if (!analytics)
        {
            return merged;
        }

        return merged with
        {
            ConvertedExperiments = [.. known.ConvertedExperiments.Concat(anonymous.ConvertedExperiments).Distinct(StringComparer.Ordinal)
                .TakeLast(DecisionFeedbackLedger.MaxConvertedExperiments)],
            RecentDecisions = [.. known.RecentDecisions.Concat(anonymous.RecentDecisions).OrderByDescending(d => d.At)
                .DistinctBy(d => d.DecisionId, StringComparer.Ordinal).Take(CustomerGrain.MaxServedDecisions)],
            Feedback = [.. known.Feedback.Concat(anonymous.Feedback).OrderByDescending(f => f.IssuedAt)
                .DistinctBy(f => f.DecisionId, StringComparer.Ordinal).Take(DecisionFeedbackLedger.MaxDecisions)],
        };
    }

    private static OfferCapState? MergeCaps(OfferCapState? known, OfferCapState? anonymous)
    {
        if (anonymous is null || anonymous.Counters.Count == 0)
        {
            return known;
        }

        var counters = new Dictionary<string, OfferCapCounter>(known?.Counters ?? new Dictionary<string, OfferCapCounter>(), StringComparer.Ordinal);
        foreach (var (offerId, counter) in anonymous.Counters)
        {
            counters[offerId] = counters.TryGetValue(offerId, out var mine) switch
            {
                false => counter,
                true when mine.Day == counter.Day => mine with { Count = mine.Count + counter.Count },
                true => mine.Day > counter.Day ? mine : counter,
            };
        }

        return new OfferCapState(counters);
    }

    private static IReadOnlyDictionary<string, string>? MergeExperiments(IReadOnlyDictionary<string, string>? known, IReadOnlyDictionary<string, string>? anonymous)
    {
        if (anonymous is null || anonymous.Count == 0)
        {
            return known;
        }

        var variants = new Dictionary<string, string>(anonymous, StringComparer.Ordinal);
        foreach (var (experimentId, variant) in known ?? new Dictionary<string, string>())
        {
            variants[experimentId] = variant;
        }

        return variants;
    }
}
