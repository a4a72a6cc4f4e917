using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>What the offer engine decided, with the updated frequency-cap counters to persist.</summary>
public sealed record OfferOutcome(IReadOnlyList<OfferDecision> Offers, IReadOnlyList<OfferSkip> Skipped, OfferCapState Caps);

/// <summary>Next best action: walks offers by priority and makes the first <c>max</c> that pass, in order:
/// the request channel is one the offer uses; marketing offers need marketing consent and the channel among the
/// customer's accepted channels; the customer is in one of the offer's segments and meets its condition; and the
/// offer was made fewer than its daily cap times this UTC day. Making an offer consumes its cap.</summary>
public static class OfferEngine
{
    public static OfferOutcome Decide(IReadOnlyList<CompiledOffer> offers, FactSet facts, string channel, int max, OfferCapState? caps)
    {
        var today = DateOnly.FromDateTime(facts.Now.UtcDateTime);
        var counters = (caps ?? OfferCapState.Empty).Counters
            .Where(c => c.Value.Day == today)
            .ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        var made = new List<OfferDecision>();
        var skipped = new List<OfferSkip>();
        var profile = facts.Profile;
        foreach (var (offer, condition) in offers)
        {
            var reason = SkipReason(offer, condition, facts, channel, counters, out var why);
            if (reason is null && made.Count >= max)
            {
                reason = "over_max";
            }

            if (reason is not null)
            {
                skipped.Add(new OfferSkip(offer.Id, reason));
                continue;
            }

            var used = counters.TryGetValue(offer.Id, out var counter) ? counter.Count : 0;
            counters[offer.Id] = new OfferCapCounter(today, used + 1);
            made.Add(new OfferDecision(offer.Id, offer.Title, offer.Description, channel, offer.Priority, why, offer.Payload));
        }

        return new OfferOutcome(made, skipped, new OfferCapState(counters));

        static bool Accepts(DecisionProfile p, string c) => p.AcceptedChannels?.Contains(c, StringComparer.OrdinalIgnoreCase) == true;

        string? SkipReason(OfferDefinition offer, Func<FactSet, bool> condition, FactSet f, string c, Dictionary<string, OfferCapCounter> counts, out string why)
        {
            why = "";
            if (!offer.Channels.Contains(c, StringComparer.OrdinalIgnoreCase))
            {
                return "channel_not_offered";
            }

            if (offer.RequiresMarketingConsent && !profile.MarketingConsent)
            {
                return "no_marketing_consent";
            }

            if (offer.RequiresMarketingConsent && !Accepts(profile, c))
            {
                return "channel_not_accepted";
            }

            string? segment = null;
            if (offer.Segments is { Count: > 0 } segments)
            {
                segment = segments.FirstOrDefault(f.Segments.Contains);
                if (segment is null)
                {
                    return "conditions_not_met";
                }
            }

            if (!condition(f))
            {
                return "conditions_not_met";
            }

            if (offer.DailyCap is { } cap && counts.TryGetValue(offer.Id, out var counter) && counter.Count >= cap)
            {
                return "frequency_cap";
            }

            why = segment is not null ? $"segment {segment}" : offer.Condition is not null ? "rule matched" : "default offer";
            return null;
        }
    }
}
