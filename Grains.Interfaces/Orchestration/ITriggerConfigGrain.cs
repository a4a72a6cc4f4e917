namespace PersoActors.Grains.Interfaces.Orchestration;

/// <summary>Admin-managed triggers (key <c>default</c>), validated, persisted and versioned like the decision config.
/// A Put validates the whole trigger and throws <see cref="Decisions.DecisionValidationException"/> without applying anything.</summary>
public interface ITriggerConfigGrain : IGrainWithStringKey
{
    /// <summary>Creates or replaces a trigger; returns the new version.</summary>
    Task<long> PutTriggerAsync(TriggerDefinition trigger);

    /// <summary>Deletes a trigger (pending messages of it are cancelled when due); false when absent.</summary>
    Task<bool> DeleteTriggerAsync(string id);

    /// <summary>Every trigger at the current version.</summary>
    Task<TriggerConfig> GetConfigAsync();
}
