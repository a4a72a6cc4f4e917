using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>Cluster-wide popularity and co-occurrence. Merging decays the stored scores to the delta's time,
/// adds the delta, prunes negligible scores and keeps the strongest neighbours (<see cref="ItemSignalsState.Merge"/>).
/// The merged state is written at most once per <see cref="DecisionOptions.SignalsPersistInterval"/> and when the
/// activation is deactivated: every write is the whole shard (decay changes every score), and writing all shards at
/// every 5-second merge held up the customers' own writes behind it.</summary>
[GrainType("item-signals")]
public sealed class ItemSignalsGrain(
    [PersistentState("signals")] IPersistentState<ItemSignalsState> state,
    IOptions<DecisionOptions> options,
    ILogger<ItemSignalsGrain> logger) : Grain, IItemSignalsGrain
{
    private readonly DecisionOptions settings = options.Value;
    private ItemSignalsData? cached;

    /// <summary>Armed while merged signals are not stored yet.</summary>
    private IGrainTimer? pendingWrite;

    public async Task<long> MergeAsync(ItemSignalDelta delta)
    {
        state.State.Merge(delta, settings.PopularityHalfLife, settings.MaxNeighbours);
        cached = null;
        if (settings.SignalsPersistInterval <= TimeSpan.Zero)
        {
            await state.WriteStateAsync();
        }
        else
        {
            pendingWrite ??= ArmWrite();
        }

        return state.State.Version;
    }

    public Task<long> GetVersionAsync() => Task.FromResult(state.State.Version);

    public Task<ItemSignalsData> GetSignalsAsync() => Task.FromResult(cached ??= state.State.ToData());

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (pendingWrite is not null)
        {
            pendingWrite.Dispose();
            pendingWrite = null;
            await state.WriteStateAsync(cancellationToken);
        }
    }

    private IGrainTimer ArmWrite() =>
        this.RegisterGrainTimer(WritePendingAsync, new GrainTimerCreationOptions(settings.SignalsPersistInterval, Timeout.InfiniteTimeSpan));

    private async Task WritePendingAsync(CancellationToken cancellationToken)
    {
        pendingWrite?.Dispose();
        pendingWrite = null;
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // The signals stay in memory; the next attempt writes them with whatever was merged meanwhile.
            logger.LogWarning(error, "Writing item signals {Shard} failed; retrying in {Interval}.", this.GetPrimaryKeyString(), settings.SignalsPersistInterval);
            pendingWrite ??= ArmWrite();
        }
    }
}
