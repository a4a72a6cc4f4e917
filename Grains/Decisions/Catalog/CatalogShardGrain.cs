using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>What one catalog shard persists.</summary>
public sealed class CatalogShardState
{
    public Dictionary<string, CatalogItem> Items { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>A slice of the catalog, so each persisted record stays a few MB even for 100k+ items.</summary>
[GrainType("catalog-shard")]
public sealed class CatalogShardGrain([PersistentState("items")] IPersistentState<CatalogShardState> state) : Grain, ICatalogShardGrain
{
    public async Task<int> UpsertAsync(IReadOnlyList<CatalogItem> items)
    {
        foreach (var item in items)
        {
            state.State.Items[item.Id] = item;
        }

        await state.WriteStateAsync();
        return state.State.Items.Count;
    }

    public async Task<int> RemoveAsync(IReadOnlyList<string> itemIds)
    {
        var removed = itemIds.Count(id => state.State.Items.Remove(id));
        if (removed > 0)
        {
            await state.WriteStateAsync();
        }

        return state.State.Items.Count;
    }

    public Task<IReadOnlyList<CatalogItem>> GetItemsAsync() =>
        Task.FromResult<IReadOnlyList<CatalogItem>>([.. state.State.Items.Values]);
}
