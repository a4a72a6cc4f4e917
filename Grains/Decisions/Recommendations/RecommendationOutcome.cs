using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>What the recommender decided (the decision id and experiments are added by <see cref="DecisionEngine"/>).</summary>
public sealed record RecommendationOutcome(bool Personalized, string? FallbackReason, IReadOnlyList<RecommendedItem> Items);

/// <summary>Fallback reasons, as they appear in responses.</summary>
public static class FallbackReasons
{
    public const string NoPersonalizationConsent = "no_personalization_consent";
    public const string InsufficientData = "insufficient_data";
    public const string ExperimentVariant = "experiment_variant";
}
