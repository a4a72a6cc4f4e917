namespace PersoActors.Grains.Interfaces.Decisions;

/// <summary>Body of <c>POST /v1/customers/{id}/experience</c>.</summary>
/// <param name="Page">The page being rendered, e.g. <c>home</c>, <c>category</c>, <c>product</c>, <c>cart</c>.</param>
/// <param name="CurrentItemId">The item on the page, if any.</param>
/// <param name="Context">Device, channel, locale, local hour, cart.</param>
/// <param name="MaxBlocks">Content blocks to return, 1..20 (default 6).</param>
/// <param name="MaxOffers">Offers to return, 0..10 (default 1).</param>
[GenerateSerializer, Immutable]
public sealed record ExperienceRequest(string Page = "home", string? CurrentItemId = null, DecisionContext? Context = null, int MaxBlocks = 6, int MaxOffers = 1);

/// <summary>The page configuration for one customer and request.</summary>
/// <param name="DecisionId">Id for feedback.</param>
/// <param name="Personalized">False when only customization and defaults were applied.</param>
/// <param name="FallbackReason">Why not personalized.</param>
/// <param name="Customization">The explicit choices applied (they win over everything inferred).</param>
/// <param name="Blocks">Content blocks in display order.</param>
/// <param name="Offers">Offers chosen for this page (they consume frequency caps).</param>
/// <param name="Segments">Segments the customer is in now.</param>
/// <param name="Experiments">Variants that shaped this answer.</param>
[GenerateSerializer, Immutable]
public sealed record ExperienceResponse(
    string DecisionId,
    bool Personalized,
    string? FallbackReason,
    AppliedCustomization Customization,
    IReadOnlyList<ExperienceBlock> Blocks,
    IReadOnlyList<OfferDecision> Offers,
    IReadOnlyList<string> Segments,
    IReadOnlyList<ExperimentAssignment> Experiments);

/// <summary>The customization applied to a page.</summary>
[GenerateSerializer, Immutable]
public sealed record AppliedCustomization(
    string Language,
    string Currency,
    string Layout,
    IReadOnlyList<string> ContentFilters,
    IReadOnlyList<string> FavouriteCategories,
    IReadOnlyList<string> ExcludedCategories,
    IReadOnlyList<string> ExcludedBrands);

/// <summary>One content block on the page.</summary>
/// <param name="Id">Block id.</param>
/// <param name="Type">Block type (<c>hero</c>, <c>banner</c>, <c>carousel</c>, <c>recommendations</c>).</param>
/// <param name="Title">Heading.</param>
/// <param name="Category">Category promoted, if any.</param>
/// <param name="Reason"><c>rule</c>, <c>favourite_category</c>, <c>affinity</c>, <c>default</c>.</param>
/// <param name="Items">Items for carousel/recommendation blocks.</param>
[GenerateSerializer, Immutable]
public sealed record ExperienceBlock(string Id, string Type, string Title, string? Category, string Reason, IReadOnlyList<RecommendedItem>? Items = null);
