using Microsoft.Extensions.Options;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>Cluster-wide popularity and co-occurrence. Merging decays the stored scores to the delta's time,
/// adds the delta, prunes negligible scores and keeps the strongest neighbours (<see cref="ItemSignalsState.Merge"/>),
/// then persists.</summary>
[GrainType("item-signals")]
public sealed class ItemSignalsGrain([PersistentState("signals")] IPersistentState<ItemSignalsState> state, IOptions<DecisionOptions> options)
    : Grain, IItemSignalsGrain
{
    private readonly DecisionOptions settings = options.Value;
    private ItemSignalsData? cached;

    public async Task<long> MergeAsync(ItemSignalDelta delta)
    {
        state.State.Merge(delta, settings.PopularityHalfLife, settings.MaxNeighbours);
        cached = null;
        await state.WriteStateAsync();
        return state.State.Version;
    }

    public Task<long> GetVersionAsync() => Task.FromResult(state.State.Version);

    public Task<ItemSignalsData> GetSignalsAsync() => Task.FromResult(cached ??= state.State.ToData());
}
