namespace PersoActors.Grains.Interfaces.Decisions;

/// <summary>Everything the decision engine needs to know about one customer, assembled by the
/// customer grain from its state. The engine never reads anything else about the customer.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="PersonalizationConsent">Without it, decisions use the default (non-personalized) path.</param>
/// <param name="MarketingConsent">Without it, no offer that requires marketing consent is made.</param>
/// <param name="AcceptedChannels">Channels the customer accepts marketing on (<c>web</c>, <c>email</c>, <c>push</c>, <c>sms</c>…).</param>
/// <param name="CategoryAffinities">Inferred interest per category as time-decayed scores (any positive scale).</param>
/// <param name="BrandAffinities">Inferred interest per brand as time-decayed scores.</param>
/// <param name="RecentItems">Recently viewed, clicked, carted or bought items, newest first.</param>
/// <param name="PurchasedItemIds">Items bought recently, newest first (bounded); never recommended again.</param>
/// <param name="Customization">The customer's explicit choices; they always win over inference.</param>
/// <param name="Facts">Transactional and lifecycle facts for segments and offers.</param>
/// <param name="PurchasedItemHashes">Every item ever bought, however many, as 32-bit FNV-1a hashes of the item ids sorted
/// ascending (4 bytes per item); none of them is recommended again unless the catalog marks it repeatable.</param>
/// <param name="ViewedItemHashes">Items the customer recently viewed or clicked (the recent-events ring), as sorted
/// hashes like <paramref name="PurchasedItemHashes"/>; they are demoted, not banned. Inferred: passed only with
/// personalization consent.</param>
[GenerateSerializer, Immutable]
public sealed record DecisionProfile(
    string CustomerId,
    bool PersonalizationConsent,
    bool MarketingConsent = false,
    IReadOnlyList<string>? AcceptedChannels = null,
    IReadOnlyDictionary<string, double>? CategoryAffinities = null,
    IReadOnlyDictionary<string, double>? BrandAffinities = null,
    IReadOnlyList<RecentItem>? RecentItems = null,
    IReadOnlyList<string>? PurchasedItemIds = null,
    CustomerCustomization? Customization = null,
    CustomerFacts? Facts = null,
    IReadOnlyList<uint>? PurchasedItemHashes = null,
    IReadOnlyList<uint>? ViewedItemHashes = null);

/// <summary>An item the customer interacted with recently.</summary>
[GenerateSerializer, Immutable]
public sealed record RecentItem(string ItemId, InteractionKind Kind, DateTimeOffset At);

/// <summary>Explicit choices made by the customer (customization).</summary>
/// <param name="FavouriteCategories">Categories to show first.</param>
/// <param name="ExcludedCategories">Categories never to show.</param>
/// <param name="FavouriteBrands">Brands to prefer.</param>
/// <param name="ExcludedBrands">Brands never to show.</param>
/// <param name="Language">Preferred language.</param>
/// <param name="Currency">Preferred currency.</param>
/// <param name="ContentFilters">Attributes every shown item must have, e.g. <c>vegan</c>.</param>
/// <param name="Layout">Preferred page layout (e.g. <c>grid</c>, <c>list</c>, <c>compact</c>).</param>
[GenerateSerializer, Immutable]
public sealed record CustomerCustomization(
    IReadOnlyList<string>? FavouriteCategories = null,
    IReadOnlyList<string>? ExcludedCategories = null,
    IReadOnlyList<string>? FavouriteBrands = null,
    IReadOnlyList<string>? ExcludedBrands = null,
    IReadOnlyList<string>? ContentFilters = null,
    string? Language = null,
    string? Currency = null,
    string? Layout = null);

/// <summary>Transactional and lifecycle facts about a customer (RFM, cart, activity).</summary>
/// <param name="EventCount">Behaviour events recorded under analytics consent.</param>
/// <param name="FirstSeen">First event or profile creation.</param>
/// <param name="LastSeen">Last event.</param>
/// <param name="OrderCount">Orders placed (RFM frequency).</param>
/// <param name="TotalSpend">Money spent (RFM monetary).</param>
/// <param name="LastOrderAt">Last order (RFM recency).</param>
/// <param name="CartItemIds">Items in the cart now.</param>
/// <param name="CartValue">Value of the cart now.</param>
/// <param name="CartUpdatedAt">Last cart change; with items in the cart, its age tells abandonment.</param>
[GenerateSerializer, Immutable]
public sealed record CustomerFacts(
    long EventCount = 0,
    DateTimeOffset? FirstSeen = null,
    DateTimeOffset? LastSeen = null,
    int OrderCount = 0,
    decimal TotalSpend = 0,
    DateTimeOffset? LastOrderAt = null,
    IReadOnlyList<string>? CartItemIds = null,
    decimal CartValue = 0,
    DateTimeOffset? CartUpdatedAt = null);

/// <summary>The request's context.</summary>
/// <param name="Device">e.g. <c>mobile</c>, <c>desktop</c>, <c>tablet</c>.</param>
/// <param name="Channel">e.g. <c>web</c>, <c>app</c>, <c>email</c>, <c>push</c>.</param>
/// <param name="Language">Request language (used when the customer chose none).</param>
/// <param name="Country">ISO country code.</param>
/// <param name="LocalHour">Customer's local hour 0..23.</param>
/// <param name="CartItemIds">Cart as the site sees it (overrides the profile's cart when given).</param>
[GenerateSerializer, Immutable]
public sealed record DecisionContext(
    string? Device = null,
    string? Channel = null,
    string? Language = null,
    string? Country = null,
    int? LocalHour = null,
    IReadOnlyList<string>? CartItemIds = null);
