namespace PersoActors.Grains.Decisions;

/// <summary>The type of a fact, which decides the operators and values a rule may use with it.</summary>
public enum FactKind
{
    Number,
    Text,
    Flag,
    Set,
}

/// <summary>A named fact and how to read it.</summary>
public sealed record FactDefinition(string Name, FactKind Kind, string Description, Func<FactSet, object?> Read);

/// <summary>Every fact rules can read. <c>affinity.category.NAME</c> and <c>affinity.brand.NAME</c> are
/// parameterised (the share of the strongest affinity, 0..1).</summary>
public static class FactCatalog
{
    public const string CategoryAffinityPrefix = "affinity.category.";
    public const string BrandAffinityPrefix = "affinity.brand.";

    private static readonly Dictionary<string, FactDefinition> Facts = new FactDefinition[]
    {
        new("segments", FactKind.Set, "Segments the customer is in (offers, blocks, experiments only).", f => f.Segments),
        new("cart.items", FactKind.Number, "Items in the cart.", f => (double)f.CartItemIds.Count),
        new("cart.value", FactKind.Number, "Cart value.", f => (double)f.Facts.CartValue),
        new("cart.idle_minutes", FactKind.Number, "Minutes since the non-empty cart last changed.", f => f.CartIdleMinutes),
        new("rfm.recency_days", FactKind.Number, "Days since the last order (absent without orders).", f => f.RecencyDays),
        new("rfm.frequency", FactKind.Number, "Orders placed.", f => (double)f.Facts.OrderCount),
        new("rfm.monetary", FactKind.Number, "Money spent.", f => (double)f.Facts.TotalSpend),
        new("events.count", FactKind.Number, "Behaviour events recorded.", f => (double)f.Facts.EventCount),
        new("customer.age_days", FactKind.Number, "Days since first seen.", f => f.CustomerAgeDays),
        new("customer.idle_days", FactKind.Number, "Days since last seen.", f => f.IdleDays),
        new("recent.items", FactKind.Number, "Recently viewed/clicked/carted items.", f => (double)(f.Profile.RecentItems?.Count ?? 0)),
        new("purchased.items", FactKind.Number, "Distinct items purchased.", f => (double)(f.Profile.PurchasedItemIds?.Count ?? 0)),
        new("consent.personalization", FactKind.Flag, "Personalization consent.", f => f.Profile.PersonalizationConsent),
        new("consent.marketing", FactKind.Flag, "Marketing consent.", f => f.Profile.MarketingConsent),
        new("affinity.top_category", FactKind.Text, "The category with the strongest affinity.", f => f.TopCategory),
        new("context.device", FactKind.Text, "Request device.", f => f.Context.Device),
        new("context.channel", FactKind.Text, "Request channel.", f => f.Context.Channel),
        new("context.language", FactKind.Text, "Request language.", f => f.Context.Language),
        new("context.country", FactKind.Text, "Request country.", f => f.Context.Country),
        new("context.hour", FactKind.Number, "Customer's local hour.", f => f.Context.LocalHour is { } h ? (double)h : null),
        new("context.slot", FactKind.Text, "Slot or page of the request.", f => f.Slot),
    }.ToDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>The fixed fact names (the parameterised affinity facts are not listed).</summary>
    public static IEnumerable<FactDefinition> All => Facts.Values;

    public static FactDefinition? Find(string name)
    {
        if (Facts.TryGetValue(name, out var fact))
        {
            return fact;
        }

        if (name.StartsWith(CategoryAffinityPrefix, StringComparison.Ordinal) && name.Length > CategoryAffinityPrefix.Length)
        {
            var category = name[CategoryAffinityPrefix.Length..];
            return new FactDefinition(name, FactKind.Number, "Category affinity share.", f => f.CategoryAffinity(category));
        }

        if (name.StartsWith(BrandAffinityPrefix, StringComparison.Ordinal) && name.Length > BrandAffinityPrefix.Length)
        {
            var brand = name[BrandAffinityPrefix.Length..];
            return new FactDefinition(name, FactKind.Number, "Brand affinity share.", f => f.BrandAffinity(brand));
        }

        return null;
    }
}
