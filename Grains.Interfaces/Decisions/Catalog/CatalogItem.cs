namespace PersoActors.Grains.Interfaces.Decisions;

/// <summary>One sellable item of the catalog.</summary>
/// <param name="Id">Unique item id (1..128 characters).</param>
/// <param name="Title">Display title.</param>
/// <param name="Categories">Categories, most specific first; the first one is the primary category used for diversification.</param>
/// <param name="Brand">Brand, if any.</param>
/// <param name="Tags">Free tags; context boost rules match on them (e.g. <c>breakfast</c>, <c>mobile_friendly</c>).</param>
/// <param name="Price">Price in the catalog currency (≥ 0).</param>
/// <param name="Available">False when the item is withdrawn from sale.</param>
/// <param name="Stock">Units in stock; null means not tracked. An item is recommendable only when
/// <paramref name="Available"/> and (Stock is null or Stock &gt; 0).</param>
/// <param name="Attributes">Content attributes that customer content filters require, e.g. <c>vegan</c>, <c>gluten_free</c>.</param>
/// <param name="Repeatable">True for items customers buy again (consumables): they may be recommended to a customer who
/// already bought them. Other items never are.</param>
[GenerateSerializer, Immutable]
public sealed record CatalogItem(
    string Id,
    string Title,
    IReadOnlyList<string> Categories,
    string? Brand = null,
    IReadOnlyList<string>? Tags = null,
    decimal Price = 0,
    bool Available = true,
    int? Stock = null,
    IReadOnlyList<string>? Attributes = null,
    bool Repeatable = false)
{
    /// <summary>True when the item may be recommended.</summary>
    public bool IsInStock => Available && (Stock is null || Stock > 0);
}

/// <summary>The outcome of a catalog upload.</summary>
/// <param name="Version">The catalog version that contains the upload.</param>
/// <param name="Upserted">Items inserted or replaced.</param>
/// <param name="TotalItems">Items in the catalog afterwards.</param>
[GenerateSerializer, Immutable]
public sealed record CatalogUploadResult(long Version, int Upserted, int TotalItems);

/// <summary>A consistent copy of the whole catalog at one version.</summary>
[GenerateSerializer, Immutable]
public sealed record CatalogContents(long Version, IReadOnlyList<CatalogItem> Items);
