using Microsoft.Extensions.Options;
using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Decisions;
using PersoActors.Grains.Interfaces.Orchestration;

namespace PersoActors.Grains.Orchestration;

/// <summary>What the trigger grain persists.</summary>
public sealed class TriggerConfigState
{
    public long Version { get; set; }

    public List<TriggerDefinition> Triggers { get; set; } = [];
}

/// <summary>Admin-managed triggers, validated whole (destinations against this silo's configuration), persisted,
/// and only then visible; a rejected change leaves everything as it was. A segment-entered trigger must name a segment
/// the decision config knows (when the decision engine runs on this silo).</summary>
[GrainType("trigger-config")]
public sealed class TriggerConfigGrain(
    [PersistentState("triggers")] IPersistentState<TriggerConfigState> state,
    IOptions<OrchestrationOptions> options,
    IOptions<DecisionOptions>? decisionOptions = null) : Grain, ITriggerConfigGrain
{
    public async Task<long> PutTriggerAsync(TriggerDefinition trigger)
    {
        IReadOnlyCollection<string>? segments = null;
        if (trigger.SegmentEntered is not null && decisionOptions is not null)
        {
            var config = await GrainFactory.GetGrain<IDecisionConfigGrain>(decisionOptions.Value.Key).GetConfigAsync();
            segments = config.Segments.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        }

        TriggerValidator.ThrowIfInvalid(trigger, options.Value.Destinations.Keys, segments);
        var triggers = state.State.Triggers.Where(t => t.Id != trigger.Id).Append(trigger).ToList();
        return await SaveAsync(triggers);
    }

    public async Task<bool> DeleteTriggerAsync(string id)
    {
        if (state.State.Triggers.All(t => t.Id != id))
        {
            return false;
        }

        await SaveAsync([.. state.State.Triggers.Where(t => t.Id != id)]);
        return true;
    }

    public Task<TriggerConfig> GetConfigAsync() => Task.FromResult(new TriggerConfig(state.State.Version, [.. state.State.Triggers]));

    private async Task<long> SaveAsync(List<TriggerDefinition> triggers)
    {
        var before = (state.State.Version, state.State.Triggers);
        state.State.Triggers = triggers;
        state.State.Version++;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Keep memory equal to the store when the write fails.
            (state.State.Version, state.State.Triggers) = before;
            throw;
        }

        return state.State.Version;
    }
}
