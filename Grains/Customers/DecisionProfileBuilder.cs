using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Customers;

/// <summary>Builds what the decision engine reads from a customer profile. One place, shared by the customer
/// grain and by the stateless benchmark alternative, so both decide from the same input.</summary>
public static class DecisionProfileBuilder
{
    private const int MaxRecentItems = 20;

    /// <summary>What the engine may know about the customer. Inferred data (affinities, recent items) is passed
    /// only with personalization consent; purchases, cart and RFM facts still serve the hard filters, segments and
    /// offers.</summary>
    public static DecisionProfile Build(string customerId, IReadOnlyCustomerProfile profile, DateTimeOffset now)
    {
        var personalization = profile.HasConsent(ConsentPurpose.Personalization);
        var preferences = profile.Preferences;
        var cart = profile.Cart(now);
        var purchases = profile.Purchases(now);
        var facts = new CustomerFacts(
            profile.EventCount,
            profile.FirstSeen,
            profile.LastSeen,
            purchases.OrderCount,
            purchases.TotalSpend,
            purchases.LastPurchaseAt,
            cart.Lines.Count == 0 ? null : cart.Lines.Select(l => l.ItemId).ToArray(),
            cart.Value,
            cart.UpdatedAt);
        var customization = new CustomerCustomization(
            preferences.FavouriteCategories,
            preferences.ExcludedCategories,
            preferences.FavouriteBrands,
            preferences.ExcludedBrands,
            preferences.ContentFilters,
            preferences.Language,
            preferences.Currency,
            preferences.Layout);
        return new DecisionProfile(
            customerId,
            personalization,
            profile.HasConsent(ConsentPurpose.Marketing),
            preferences.AcceptedChannels,
            personalization ? Scores(profile.CategoryAffinities(now)) : null,
            personalization ? Scores(profile.BrandAffinities(now)) : null,
            personalization ? RecentItems(profile) : null,
            profile.PurchasedItemIds,
            customization,
            facts,
            profile.PurchasedItemHashes.Count == 0 ? null : profile.PurchasedItemHashes,
            personalization ? ViewedItemHashes(profile) : null);
    }

    private static Dictionary<string, double>? Scores(IReadOnlyList<AffinityScore> scores)
    {
        if (scores.Count == 0)
        {
            return null;
        }

        var result = new Dictionary<string, double>(scores.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var score in scores)
        {
            result[score.Key] = Math.Max(score.Score, result.GetValueOrDefault(score.Key));
        }

        return result;
    }

    private static List<RecentItem>? RecentItems(IReadOnlyCustomerProfile profile)
    {
        var events = profile.RecentEvents;
        List<RecentItem>? items = null;
        for (var i = events.Count - 1; i >= 0 && (items?.Count ?? 0) < MaxRecentItems; i--)
        {
            var e = events[i];
            if (e.ItemId is not { } itemId || e.Type is not (EventType.View or EventType.Click or EventType.AddToCart or EventType.Purchase))
            {
                continue;
            }

            items ??= [];
            if (!items.Exists(r => string.Equals(r.ItemId, itemId, StringComparison.Ordinal)))
            {
                items.Add(new RecentItem(itemId, Kind(e.Type)!.Value, DateTimeOffset.FromUnixTimeSeconds(e.Timestamp)));
            }
        }

        return items;
    }

    /// <summary>Every item viewed or clicked in the ring, as sorted <see cref="ItemIdHash"/>es (4 bytes each instead of a
    /// <see cref="RecentItem"/> per item: only membership is needed).</summary>
    private static uint[]? ViewedItemHashes(IReadOnlyCustomerProfile profile)
    {
        var events = profile.RecentEvents;
        List<uint>? hashes = null;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (e.ItemId is { } itemId && e.Type is EventType.View or EventType.Click)
            {
                (hashes ??= []).Add(ItemIdHash.Of(itemId));
            }
        }

        if (hashes is null)
        {
            return null;
        }

        hashes.Sort();
        var distinct = 1;
        for (var i = 1; i < hashes.Count; i++)
        {
            if (hashes[i] != hashes[distinct - 1])
            {
                hashes[distinct++] = hashes[i];
            }
        }

        return [.. hashes.GetRange(0, distinct)];
    }

    /// <summary>The interaction an event type counts as for item signals and recent items, if any.</summary>
    public static InteractionKind? Kind(EventType type) => type switch
    {
        EventType.View => InteractionKind.View,
        EventType.Click => InteractionKind.Click,
        EventType.AddToCart => InteractionKind.AddToCart,
        EventType.Purchase => InteractionKind.Purchase,
        _ => null,
    };
}
