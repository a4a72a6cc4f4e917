namespace PersoActors.LoadTest.Catalog;

/// <summary>A synthetic catalog item.</summary>
/// <param name="ItemId">Stable id (<c>sku-000123</c>).</param>
/// <param name="Title">Display title.</param>
/// <param name="Categories">Top-level category first, then its sub-category (<c>shoes</c>, <c>shoes/running</c>).</param>
/// <param name="Brand">Brand name.</param>
/// <param name="Price">Price in <paramref name="Currency"/>.</param>
/// <param name="Currency">ISO currency code.</param>
/// <param name="Attributes">Free attributes (colour, material, vegan, …).</param>
/// <param name="PopularityRank">1 = most popular within its category.</param>
public sealed record CatalogItem(
    string ItemId,
    string Title,
    IReadOnlyList<string> Categories,
    string Brand,
    decimal Price,
    string Currency,
    IReadOnlyDictionary<string, string> Attributes,
    int PopularityRank);
