namespace PersoActors.Grains.Interfaces.Decisions;

/// <summary>The catalog (key <c>default</c>): accepts validated upserts, bumps its version on every
/// change, and hands out consistent copies. Items are persisted across <see cref="ICatalogShardGrain"/>s
/// so no single state record has to hold 100k items.</summary>
public interface ICatalogGrain : IGrainWithStringKey
{
    /// <summary>Inserts or replaces items (all or nothing). Throws <see cref="DecisionValidationException"/> on bad items.</summary>
    Task<CatalogUploadResult> UpsertItemsAsync(IReadOnlyList<CatalogItem> items);

    /// <summary>Removes items by id (unknown ids are ignored).</summary>
    Task<CatalogUploadResult> RemoveItemsAsync(IReadOnlyList<string> itemIds);

    /// <summary>The current version (0 = empty, never written). Cheap: silos poll it.</summary>
    [SafeToRetry]
    Task<long> GetVersionAsync();

    /// <summary>All items at the current version.</summary>
    [SafeToRetry]
    Task<CatalogContents> GetContentsAsync();
}

/// <summary>One shard of the persisted catalog (key <c>{catalog}/{shard}</c>); only <see cref="ICatalogGrain"/> calls it.</summary>
public interface ICatalogShardGrain : IGrainWithStringKey
{
    /// <summary>Replaces or inserts items; returns the shard's item count.</summary>
    Task<int> UpsertAsync(IReadOnlyList<CatalogItem> items);

    /// <summary>Removes items; returns the shard's item count.</summary>
    Task<int> RemoveAsync(IReadOnlyList<string> itemIds);

    /// <summary>The shard's items.</summary>
    [SafeToRetry]
    Task<IReadOnlyList<CatalogItem>> GetItemsAsync();
}
