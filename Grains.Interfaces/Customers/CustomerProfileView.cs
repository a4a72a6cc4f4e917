namespace PersoActors.Grains.Interfaces.Customers;

/// <summary>Everything the profile holds, as the API shows it (affinities decayed to now, cart
/// abandonment and purchase recency evaluated now). <c>Segments</c> are the rule-defined audiences the
/// customer is in now (evaluated on read; null where the decision engine is not hosted).</summary>
[GenerateSerializer, Immutable]
public sealed record CustomerProfileView(
    string CustomerId,
    IReadOnlyList<ConsentRecord> Consents,
    Preferences Preferences,
    CustomerContext? Context,
    SessionInfo? Session,
    IReadOnlyList<BehaviourEvent> RecentEvents,
    long EventCount,
    IReadOnlyList<AffinityScore> CategoryAffinities,
    IReadOnlyList<AffinityScore> BrandAffinities,
    CartView Cart,
    PurchaseSummaryView Purchases,
    DateTimeOffset? FirstSeen,
    DateTimeOffset? LastSeen,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<PurgeRecord> Purges,
    IReadOnlyList<string>? Segments = null);

/// <summary>A time-decayed affinity: the sum of event weights, each halved per half-life since it happened.</summary>
[GenerateSerializer, Immutable]
public sealed record AffinityScore(string Key, double Score);

/// <summary>One line of the cart.</summary>
[GenerateSerializer, Immutable]
public sealed record CartLine(string ItemId, int Quantity, decimal? UnitPrice)
{
    // Read from stored JSON without boxing each argument (see StoredAffinity).
    [System.Text.Json.Serialization.JsonConstructor]
    private CartLine()
        : this("", 0, null)
    {
    }
}

/// <summary>The current cart. It is abandoned when it is not empty and has not changed for the
/// configured abandonment time.</summary>
[GenerateSerializer, Immutable]
public sealed record CartView(IReadOnlyList<CartLine> Lines, decimal Value, DateTimeOffset? UpdatedAt, bool Abandoned, DateTimeOffset? AbandonedAt);

/// <summary>Recency, frequency and monetary value of the customer's purchases.</summary>
/// <param name="OrderCount">Frequency: orders placed.</param>
/// <param name="TotalSpend">Monetary: sum of purchase values.</param>
/// <param name="AverageOrderValue">TotalSpend / OrderCount (0 without orders).</param>
/// <param name="FirstPurchaseAt">The first purchase.</param>
/// <param name="LastPurchaseAt">The last purchase.</param>
/// <param name="RecencyDays">Days since the last purchase (null without purchases).</param>
/// <param name="PurchasedItemIds">Recently purchased items, newest first (bounded).</param>
[GenerateSerializer, Immutable]
public sealed record PurchaseSummaryView(
    int OrderCount,
    decimal TotalSpend,
    decimal AverageOrderValue,
    DateTimeOffset? FirstPurchaseAt,
    DateTimeOffset? LastPurchaseAt,
    double? RecencyDays,
    IReadOnlyList<string> PurchasedItemIds);
