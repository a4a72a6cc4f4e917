using PersoActors.Grains.Customers;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Bench.Alternative;

/// <summary>Builds what the decision engine reads from a customer profile, as the customer grain does:
/// consents, customization, affinities (only with personalization consent), recent items, purchases, facts.</summary>
public static class DecisionProfiles
{
    public static DecisionProfile From(string customerId, IReadOnlyCustomerProfile profile, DateTimeOffset now)
    {
        var personalization = profile.HasConsent(ConsentPurpose.Personalization);
        var preferences = profile.Preferences;
        var cart = profile.Cart(now);
        var purchases = profile.Purchases(now);
        return new DecisionProfile(
            customerId,
            personalization,
            profile.HasConsent(ConsentPurpose.Marketing),
            preferences.AcceptedChannels,
            personalization ? profile.CategoryAffinities(now).ToDictionary(a => a.Key, a => a.Score) : null,
            personalization ? profile.BrandAffinities(now).ToDictionary(a => a.Key, a => a.Score) : null,
            RecentItems(profile),
            profile.PurchasedItemIds,
            new CustomerCustomization(preferences.FavouriteCategories, preferences.ExcludedCategories, preferences.FavouriteBrands,
                preferences.ExcludedBrands, preferences.ContentFilters, preferences.Language, preferences.Currency, preferences.Layout),
            new CustomerFacts(profile.EventCount, profile.FirstSeen, profile.LastSeen, purchases.OrderCount, purchases.TotalSpend,
                purchases.LastPurchaseAt, cart.Lines.Count > 0 ? cart.Lines.Select(l => l.ItemId).ToArray() : null, cart.Value, cart.UpdatedAt));
    }

    private static List<RecentItem> RecentItems(IReadOnlyCustomerProfile profile)
    {
        var events = profile.RecentEvents;
        var items = new List<RecentItem>(20);
        for (var i = events.Count - 1; i >= 0 && items.Count < 20; i--)
        {
            var e = events[i];
            InteractionKind? kind = e.Type switch
            {
                EventType.View => InteractionKind.View,
                EventType.Click => InteractionKind.Click,
                EventType.AddToCart => InteractionKind.AddToCart,
                EventType.Purchase => InteractionKind.Purchase,
                _ => null,
            };
            if (kind is { } k && e.ItemId is { } id)
            {
                items.Add(new RecentItem(id, k, DateTimeOffset.FromUnixTimeSeconds(e.Timestamp)));
            }
        }

        return items;
    }
}
