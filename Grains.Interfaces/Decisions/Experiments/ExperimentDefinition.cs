namespace PersoActors.Grains.Interfaces.Decisions;

/// <summary>An A/B or multivariate experiment.</summary>
/// <param name="Id">Experiment id (also the default hash seed).</param>
/// <param name="Variants">Two or more variants; the first is the control.</param>
/// <param name="Coverage">Share of eligible customers included, 0..1.</param>
/// <param name="TargetSegment">Only customers in this segment are included; null = everybody.</param>
/// <param name="Surface">Which decision uses it: <c>recommendations</c>, <c>experience</c>, <c>offers</c> or <c>any</c>.</param>
/// <param name="Seed">Hash seed; defaults to <paramref name="Id"/>. Changing it reshuffles everybody.</param>
/// <param name="Active">Inactive experiments assign nobody but keep their results.</param>
/// <param name="Name">Display name.</param>
[GenerateSerializer, Immutable]
public sealed record ExperimentDefinition(
    string Id,
    IReadOnlyList<ExperimentVariant> Variants,
    double Coverage = 1.0,
    string? TargetSegment = null,
    string Surface = "any",
    string? Seed = null,
    bool Active = true,
    string? Name = null);

/// <summary>One arm of an experiment.</summary>
/// <param name="Key">Variant key, e.g. <c>control</c>, <c>treatment</c>.</param>
/// <param name="Weight">Relative weight (&gt; 0); weights are normalized to sum 1.</param>
/// <param name="Parameters">What the variant changes. The recommender understands <c>strategy</c>
/// (<c>personalized</c> | <c>popularity</c>) and <c>max_per_category</c>; other keys are passed to the site.</param>
[GenerateSerializer, Immutable]
public sealed record ExperimentVariant(string Key, double Weight, IReadOnlyDictionary<string, string>? Parameters = null);

/// <summary>A customer's variant in one experiment, as returned with a decision.</summary>
[GenerateSerializer, Immutable]
public sealed record ExperimentAssignment(string ExperimentId, string Variant, IReadOnlyDictionary<string, string>? Parameters = null);

/// <summary>A customer saw a decision that used a variant. Send once per customer per experiment
/// (see <c>ExperimentMemberships</c> in the domain layer); exposures count customers.</summary>
[GenerateSerializer, Immutable]
public sealed record ExperimentExposure(string Variant, string CustomerId, string DecisionId, DateTimeOffset At);

/// <summary>A conversion attributed to a decision that used a variant. The grain counts each customer once per experiment.</summary>
[GenerateSerializer, Immutable]
public sealed record ExperimentConversion(string Variant, string CustomerId, string DecisionId, DateTimeOffset At, decimal? Value = null);

/// <summary>Per-variant outcome of an experiment.</summary>
/// <param name="ExperimentId">The experiment.</param>
/// <param name="ControlVariant">The variant uplift is measured against (the first one).</param>
/// <param name="Variants">One row per defined variant (and per variant seen in data but since removed).</param>
/// <param name="Confidence">Confidence level used for <see cref="VariantResult.Significant"/> (0.95).</param>
[GenerateSerializer, Immutable]
public sealed record ExperimentResults(string ExperimentId, string ControlVariant, IReadOnlyList<VariantResult> Variants, double Confidence);

/// <summary>Results of one variant.</summary>
/// <param name="Variant">Variant key.</param>
/// <param name="Exposures">Customers exposed.</param>
/// <param name="Conversions">Exposed customers who converted.</param>
/// <param name="ConversionRate">Conversions / exposures (0 when nobody was exposed).</param>
/// <param name="Revenue">Sum of conversion values.</param>
/// <param name="Uplift">(rate − control rate) / control rate; null for the control or when the control rate is 0.</param>
/// <param name="ZScore">Two-proportion z statistic against the control (pooled variance); null for the control or without data.</param>
/// <param name="PValue">Two-sided p-value of the z-test; null when not computable.</param>
/// <param name="Significant">PValue &lt; 1 − confidence.</param>
[GenerateSerializer, Immutable]
public sealed record VariantResult(
    string Variant,
    long Exposures,
    long Conversions,
    double ConversionRate,
    decimal Revenue,
    double? Uplift,
    double? ZScore,
    double? PValue,
    bool Significant);
