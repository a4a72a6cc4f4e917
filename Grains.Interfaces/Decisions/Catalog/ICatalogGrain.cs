namespace PersoActors.Grains.Interfaces.Decisions;

/// <summary>The catalog (key <c>default</c>): accepts validated upserts, bumps its version on every
/// change, and hands out consistent copies. Items are persisted across <see cref="ICatalogShardGrain"/>s
/// so no single state record has to hold 100k items.</summary>
public interface ICatalogGrain : IGrainWithStringKey
{
    /// <summary>Inserts or replaces items (all or nothing). Throws <see cref="DecisionValidationException"/> on bad items.</summary>
    Task<CatalogUploadResult> UpsertItemsAsync(IReadOnlyList<CatalogItem> items);

    /// <summary>Removes items by id (unknown ids are ignored; all or nothing).</summary>
    Task<CatalogUploadResult> RemoveItemsAsync(IReadOnlyList<string> itemIds);

    /// <summary>The current version (0 = empty, never written). Cheap: silos poll it.</summary>
    [SafeToRetry]
    Task<long> GetVersionAsync();

    /// <summary>All items at the current version.</summary>
    [SafeToRetry]
    Task<CatalogContents> GetContentsAsync();
}

/// <summary>One shard of the persisted catalog (key <c>{catalog}/{shard}</c>); only <see cref="ICatalogGrain"/> calls it.
/// Uploads are staged, then committed by the catalog: every call names the upload the catalog last committed to this
/// shard, and a staged change counts only if it is that upload.</summary>
public interface ICatalogShardGrain : IGrainWithStringKey
{
    /// <summary>Stores <paramref name="upload"/>'s change beside the shard's items without applying it (a change staged
    /// earlier is first applied if it is <paramref name="committedUpload"/>, else dropped); returns the shard's item
    /// count once the change is applied.</summary>
    Task<int> StageAsync(Guid upload, IReadOnlyList<CatalogItem> upserts, IReadOnlyList<string> removals, Guid committedUpload);

    /// <summary>The shard's items as of <paramref name="committedUpload"/>, the upload the catalog last committed here.</summary>
    [SafeToRetry]
    Task<IReadOnlyList<CatalogItem>> GetItemsAsync(Guid committedUpload);
}
