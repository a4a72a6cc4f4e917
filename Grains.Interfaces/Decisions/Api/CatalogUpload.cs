namespace PersoActors.Grains.Interfaces.Decisions;

/// <summary>Body of <c>PUT /v1/catalog/items</c>: a batch of items to insert or replace (all or nothing).
/// <c>POST /v1/catalog/import</c> takes JSONL instead (one <see cref="CatalogItem"/> per line) and answers the
/// same <see cref="CatalogUploadResult"/>; errors name the line (<c>line 17: price</c>).</summary>
[GenerateSerializer, Immutable]
public sealed record CatalogUploadRequest(IReadOnlyList<CatalogItem> Items);

/// <summary><c>GET /v1/catalog</c>: what the serving silo currently holds.</summary>
[GenerateSerializer, Immutable]
public sealed record CatalogStatus(long Version, int ItemCount, int CategoryCount, int BrandCount, long SignalsVersion);
