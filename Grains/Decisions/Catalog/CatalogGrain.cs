using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>What the catalog grain persists: its version, and per shard the item count and the last upload committed
/// to it (the shard's staged change counts only if it is that upload).</summary>
public sealed class CatalogState
{
    public long Version { get; set; }

    public int[] ShardCounts { get; set; } = new int[ItemShards.Count];

    public Guid[] ShardUploads { get; set; } = new Guid[ItemShards.Count];
}

/// <summary>The catalog: validates, spreads items over the <see cref="ItemShards"/> shard grains by a stable hash of
/// the id, and applies an upload in two steps so that it is all or nothing even when a write fails half-way: each shard
/// stages its part, then one write of the catalog's own record commits them all (and bumps the version). Turn-based,
/// so uploads apply one at a time and <see cref="GetContentsAsync"/> never sees a half-applied upload.</summary>
[GrainType("catalog")]
public sealed class CatalogGrain([PersistentState("catalog")] IPersistentState<CatalogState> state) : Grain, ICatalogGrain
{
    private CatalogContents? cached;

    public async Task<CatalogUploadResult> UpsertItemsAsync(IReadOnlyList<CatalogItem> items)
    {
        CatalogValidator.ThrowIfInvalid(items);
        await ApplyAsync(items.GroupBy(i => ItemShards.Of(i.Id)), (shard, upload, part) => shard.StageAsync(upload, [.. part], [], Committed(part.Key)));
        return new CatalogUploadResult(state.State.Version, items.Count, state.State.ShardCounts.Sum());
    }

    public async Task<CatalogUploadResult> RemoveItemsAsync(IReadOnlyList<string> itemIds)
    {
        if (itemIds is null || itemIds.Any(string.IsNullOrWhiteSpace))
        {
            throw new DecisionValidationException([new FieldError("itemIds", "Item ids must not be blank.")]);
        }

        var before = state.State.ShardCounts.Sum();
        await ApplyAsync(itemIds.Distinct(StringComparer.Ordinal).GroupBy(ItemShards.Of), (shard, upload, part) => shard.StageAsync(upload, [], [.. part], Committed(part.Key)));
        var after = state.State.ShardCounts.Sum();
        return new CatalogUploadResult(state.State.Version, before - after, after);
    }

    public Task<long> GetVersionAsync() => Task.FromResult(state.State.Version);

    public async Task<CatalogContents> GetContentsAsync()
    {
        if (cached?.Version == state.State.Version)
        {
            return cached;
        }

        var shards = await Task.WhenAll(Enumerable.Range(0, ItemShards.Count).Select(s => Shard(s).GetItemsAsync(Committed(s))));
        cached = new CatalogContents(state.State.Version, shards.SelectMany(s => s).ToList());
        return cached;
    }

    private async Task ApplyAsync<T>(IEnumerable<IGrouping<int, T>> parts, Func<ICatalogShardGrain, Guid, IGrouping<int, T>, Task<int>> stage)
    {
        var upload = Guid.NewGuid();
        var staged = await Task.WhenAll(parts.Select(async part => (part.Key, Count: await stage(Shard(part.Key), upload, part))));
        foreach (var (shard, count) in staged)
        {
            state.State.ShardCounts[shard] = count;
            state.State.ShardUploads[shard] = upload;
        }

        state.State.Version++;
        cached = null;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Memory is now ahead of the record (which still names the earlier uploads): start again from the record.
            DeactivateOnIdle();
            throw;
        }
    }

    private Guid Committed(int shard) => state.State.ShardUploads[shard];

    private ICatalogShardGrain Shard(int shard) => GrainFactory.GetGrain<ICatalogShardGrain>(ItemShards.Key(this.GetPrimaryKeyString(), shard));
}
