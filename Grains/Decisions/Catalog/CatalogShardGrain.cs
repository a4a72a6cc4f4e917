using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>What one catalog shard persists: the items of committed uploads, and the change of the latest upload that
/// staged here, which counts only once the catalog has recorded that upload as this shard's last commit.</summary>
public sealed class CatalogShardState
{
    public Dictionary<string, CatalogItem> Items { get; set; } = new(StringComparer.Ordinal);

    public StagedCatalogChange? Staged { get; set; }
}

/// <summary>One upload's change to one shard, stored beside the shard's items until it is known to be committed.</summary>
public sealed class StagedCatalogChange
{
    public Guid Upload { get; set; }

    public List<CatalogItem> Upserts { get; set; } = [];

    public List<string> Removals { get; set; } = [];
}

/// <summary>A slice of the catalog, so each persisted record stays a few MB even for 100k+ items. Its half of the
/// catalog's two-step upload: a change is staged (one write) and applied only when a caller names its upload as
/// committed, so an upload the catalog never committed leaves no trace in what the shard answers.</summary>
[GrainType("catalog-shard")]
public sealed class CatalogShardGrain([PersistentState("items")] IPersistentState<CatalogShardState> state) : Grain, ICatalogShardGrain
{
    public async Task<int> StageAsync(Guid upload, IReadOnlyList<CatalogItem> upserts, IReadOnlyList<string> removals, Guid committedUpload)
    {
        Settle(committedUpload);
        state.State.Staged = new StagedCatalogChange { Upload = upload, Upserts = [.. upserts], Removals = [.. removals] };
        await state.WriteStateAsync();
        return CountOnceApplied(state.State.Staged);
    }

    public Task<IReadOnlyList<CatalogItem>> GetItemsAsync(Guid committedUpload)
    {
        Settle(committedUpload);
        return Task.FromResult<IReadOnlyList<CatalogItem>>([.. state.State.Items.Values]);
    }

    // Memory only: the stored record keeps the staged change, and the catalog keeps naming it committed, until the
    // next stage writes the applied items. A staged change that is not the committed one was never committed (a shard's
    // committed upload only moves to a later stage, which settles the earlier one first), so it is dropped.
    private void Settle(Guid committedUpload)
    {
        if (state.State.Staged is not { } staged)
        {
            return;
        }

        if (staged.Upload == committedUpload)
        {
            Apply(state.State.Items, staged);
        }

        state.State.Staged = null;
    }

    private int CountOnceApplied(StagedCatalogChange change)
    {
        var removals = change.Removals.ToHashSet(StringComparer.Ordinal);
        var added = change.Upserts.Select(i => i.Id).Distinct(StringComparer.Ordinal).Count(id => !state.State.Items.ContainsKey(id) && !removals.Contains(id));
        return state.State.Items.Count + added - removals.Count(state.State.Items.ContainsKey);
    }

    private static void Apply(Dictionary<string, CatalogItem> items, StagedCatalogChange change)
    {
        foreach (var item in change.Upserts)
        {
            items[item.Id] = item;
        }

        foreach (var id in change.Removals)
        {
            items.Remove(id);
        }
    }
}
