namespace PersoActors.Grains.Interfaces.Decisions;

/// <summary>Admin-managed decision configuration (key <c>default</c>): segments, offers, content blocks
/// and experiment definitions, validated, persisted and versioned. Silos cache it and refresh on version change.
/// Every Put validates the whole definition and throws <see cref="DecisionValidationException"/> without applying anything.</summary>
public interface IDecisionConfigGrain : IGrainWithStringKey
{
    /// <summary>Creates or replaces a segment.</summary>
    Task<long> PutSegmentAsync(SegmentDefinition segment);

    /// <summary>Creates or replaces an offer.</summary>
    Task<long> PutOfferAsync(OfferDefinition offer);

    /// <summary>Creates or replaces a content block.</summary>
    Task<long> PutContentBlockAsync(ContentBlockDefinition block);

    /// <summary>Creates or replaces an experiment definition (results live in <see cref="IExperimentGrain"/>).</summary>
    Task<long> PutExperimentAsync(ExperimentDefinition experiment);

    /// <summary>Deletes a definition of the given kind (<c>segment</c>, <c>offer</c>, <c>content_block</c>, <c>experiment</c>); returns false when absent.</summary>
    Task<bool> DeleteAsync(string kind, string id);

    /// <summary>The current version (cheap).</summary>
    [SafeToRetry]
    Task<long> GetVersionAsync();

    /// <summary>Everything at the current version. A never-configured grain returns the built-in default segments.</summary>
    [SafeToRetry]
    Task<DecisionConfig> GetConfigAsync();
}
