namespace PersoActors.Grains.Interfaces.Decisions;

/// <summary>Per-customer decision memory the customer grain persists and passes back on each decision:
/// offer frequency-cap counters and the experiment variants the customer has been exposed to (which keeps
/// assignments sticky and makes each customer count once per experiment).</summary>
/// <param name="OfferCaps">Offer counters per UTC day.</param>
/// <param name="Experiments">Experiment id → variant the customer was exposed to.</param>
[GenerateSerializer, Immutable]
public sealed record CustomerDecisionState(OfferCapState? OfferCaps = null, IReadOnlyDictionary<string, string>? Experiments = null)
{
    /// <summary>A customer who has never been decided for.</summary>
    public static CustomerDecisionState Empty { get; } = new();
}
