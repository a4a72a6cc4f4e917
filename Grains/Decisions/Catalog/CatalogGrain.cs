using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>What the catalog grain persists: its version and the item count of each shard.</summary>
public sealed class CatalogState
{
    public long Version { get; set; }

    public int[] ShardCounts { get; set; } = new int[ItemShards.Count];
}

/// <summary>The catalog: validates, spreads items over the <see cref="ItemShards"/> shard grains by a stable hash of
/// the id, and bumps the version once all shards have stored the change. Turn-based, so uploads apply one at a time
/// and <see cref="GetContentsAsync"/> never sees a half-applied upload.</summary>
[GrainType("catalog")]
public sealed class CatalogGrain([PersistentState("catalog")] IPersistentState<CatalogState> state) : Grain, ICatalogGrain
{
    private CatalogContents? cached;

    public async Task<CatalogUploadResult> UpsertItemsAsync(IReadOnlyList<CatalogItem> items)
    {
        CatalogValidator.ThrowIfInvalid(items);
        var byShard = items.GroupBy(i => ItemShards.Of(i.Id));
        await ApplyAsync(byShard.Select(async g => (g.Key, await Shard(g.Key).UpsertAsync(g.ToList()))));
        return new CatalogUploadResult(state.State.Version, items.Count, state.State.ShardCounts.Sum());
    }

    public async Task<CatalogUploadResult> RemoveItemsAsync(IReadOnlyList<string> itemIds)
    {
        if (itemIds is null || itemIds.Any(string.IsNullOrWhiteSpace))
        {
            throw new DecisionValidationException([new FieldError("itemIds", "Item ids must not be blank.")]);
        }

        var byShard = itemIds.Distinct(StringComparer.Ordinal).GroupBy(ItemShards.Of);
        var before = state.State.ShardCounts.Sum();
        await ApplyAsync(byShard.Select(async g => (g.Key, await Shard(g.Key).RemoveAsync(g.ToList()))));
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

        var shards = await Task.WhenAll(Enumerable.Range(0, ItemShards.Count).Select(s => Shard(s).GetItemsAsync()));
        cached = new CatalogContents(state.State.Version, shards.SelectMany(s => s).ToList());
        return cached;
    }

    private async Task ApplyAsync(IEnumerable<Task<(int Shard, int Count)>> shardWrites)
    {
        foreach (var (shard, count) in await Task.WhenAll(shardWrites))
        {
            state.State.ShardCounts[shard] = count;
        }

        state.State.Version++;
        cached = null;
        await state.WriteStateAsync();
    }

    private ICatalogShardGrain Shard(int shard) => GrainFactory.GetGrain<ICatalogShardGrain>(ItemShards.Key(this.GetPrimaryKeyString(), shard));
}
