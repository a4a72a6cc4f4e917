using Microsoft.Extensions.Options;
using PersoActors.Grains.Interfaces.Orchestration;

namespace PersoActors.Grains.Orchestration;

/// <summary>What the trigger grain persists.</summary>
public sealed class TriggerConfigState
{
    public long Version { get; set; }

    public List<TriggerDefinition> Triggers { get; set; } = [];
}

/// <summary>Admin-managed triggers, validated whole (destinations against this silo's configuration), persisted,
/// and only then visible; a rejected change leaves everything as it was.</summary>
[GrainType("trigger-config")]
public sealed class TriggerConfigGrain(
    [PersistentState("triggers")] IPersistentState<TriggerConfigState> state,
    IOptions<OrchestrationOptions> options) : Grain, ITriggerConfigGrain
{
    public Task<long> PutTriggerAsync(TriggerDefinition trigger)
    {
        TriggerValidator.ThrowIfInvalid(trigger, options.Value.Destinations.Keys);
        var triggers = state.State.Triggers.Where(t => t.Id != trigger.Id).Append(trigger).ToList();
        return SaveAsync(triggers);
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
