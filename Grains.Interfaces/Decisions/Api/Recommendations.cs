namespace PersoActors.Grains.Interfaces.Decisions;

/// <summary>Body of <c>POST /v1/customers/{id}/recommendations</c>.</summary>
/// <param name="Slot">Where the list is shown: <c>home</c>, <c>product_page</c> (needs <paramref name="CurrentItemId"/>), <c>cart</c>, or any site-defined slot.</param>
/// <param name="Count">How many items, 1..100 (default 10).</param>
/// <param name="CurrentItemId">The item on the page (product pages).</param>
/// <param name="Context">Device, channel, locale, local hour, cart.</param>
[GenerateSerializer, Immutable]
public sealed record RecommendationsRequest(string Slot = "home", int Count = 10, string? CurrentItemId = null, DecisionContext? Context = null);

/// <summary>A recommendation list.</summary>
/// <param name="DecisionId">Id to send feedback to; it also encodes the experiment variants used.</param>
/// <param name="Personalized">False when the default list was served.</param>
/// <param name="FallbackReason"><c>no_personalization_consent</c>, <c>insufficient_data</c> or <c>experiment_variant</c> when not personalized.</param>
/// <param name="Slot">The slot answered.</param>
/// <param name="Items">Items in order, each with its reason.</param>
/// <param name="Experiments">Experiment variants that shaped this answer.</param>
/// <param name="CatalogVersion">Catalog version the answer was computed from.</param>
[GenerateSerializer, Immutable]
public sealed record RecommendationsResponse(
    string DecisionId,
    bool Personalized,
    string? FallbackReason,
    string Slot,
    IReadOnlyList<RecommendedItem> Items,
    IReadOnlyList<ExperimentAssignment> Experiments,
    long CatalogVersion);

/// <summary>One recommended item.</summary>
[GenerateSerializer, Immutable]
public sealed record RecommendedItem(
    string ItemId,
    string Title,
    IReadOnlyList<string> Categories,
    string? Brand,
    decimal Price,
    double Score,
    ItemReason Reason);

/// <summary>Why an item was recommended.</summary>
/// <param name="Code"><c>because_you_viewed</c>, <c>because_in_cart</c>, <c>similar_to_current</c>, <c>matches_interest</c>,
/// <c>favourite_category</c>, <c>favourite_brand</c>, <c>popular_in_category</c>, <c>trending</c>.</param>
/// <param name="Text">Human-readable, e.g. "Because you viewed Trail Shoe".</param>
/// <param name="RelatedItemId">The item that led to it, if any.</param>
/// <param name="Category">The category that led to it, if any.</param>
[GenerateSerializer, Immutable]
public sealed record ItemReason(string Code, string Text, string? RelatedItemId = null, string? Category = null);
