using System.Text.Json;

namespace PersoActors.Grains.Interfaces.Decisions;

/// <summary>A boolean condition over a customer's facts and the request context. Exactly one of
/// <see cref="All"/>, <see cref="Any"/>, <see cref="Not"/> or <see cref="Fact"/> is set.
/// Leaves compare a fact (see docs/decisions.md for the list, e.g. <c>rfm.monetary</c>,
/// <c>segments</c>, <c>cart.idle_minutes</c>, <c>context.device</c>, <c>affinity.category.shoes</c>)
/// with <see cref="Value"/> using <see cref="Op"/>.</summary>
/// <param name="All">True when every child is true.</param>
/// <param name="Any">True when at least one child is true.</param>
/// <param name="Not">True when the child is false.</param>
/// <param name="Fact">The fact a leaf reads.</param>
/// <param name="Op">eq, neq, gt, gte, lt, lte, in, not_in, contains, exists.</param>
/// <param name="Value">A number, string, boolean or array of strings, depending on the op.</param>
[GenerateSerializer, Immutable]
public sealed record RuleCondition(
    IReadOnlyList<RuleCondition>? All = null,
    IReadOnlyList<RuleCondition>? Any = null,
    RuleCondition? Not = null,
    string? Fact = null,
    string? Op = null,
    JsonElement? Value = null);

/// <summary>A rule-defined audience.</summary>
/// <param name="Id">Segment id (lowercase letters, digits, <c>_</c>, <c>-</c>, <c>:</c>).</param>
/// <param name="Condition">Who belongs to it.</param>
/// <param name="Name">Display name.</param>
/// <param name="Description">What it means.</param>
[GenerateSerializer, Immutable]
public sealed record SegmentDefinition(string Id, RuleCondition Condition, string? Name = null, string? Description = null);

/// <summary>An offer or next best action.</summary>
/// <param name="Id">Offer id.</param>
/// <param name="Title">Text shown to the customer.</param>
/// <param name="Channels">Channels it can be delivered on; the request channel must be one of them
/// and (when <paramref name="RequiresMarketingConsent"/>) one the customer accepted.</param>
/// <param name="Condition">Who qualifies (segments, cart, RFM, context); null = everybody.</param>
/// <param name="Segments">Shorthand: the customer must be in at least one of these segments.</param>
/// <param name="Priority">Higher first.</param>
/// <param name="DailyCap">At most this many times per customer per UTC day; null = unlimited.</param>
/// <param name="RequiresMarketingConsent">Marketing offers need consent; service messages may not.</param>
/// <param name="Description">Longer text.</param>
/// <param name="Payload">Opaque data for the site (discount code, amount, deep link…).</param>
[GenerateSerializer, Immutable]
public sealed record OfferDefinition(
    string Id,
    string Title,
    IReadOnlyList<string> Channels,
    RuleCondition? Condition = null,
    IReadOnlyList<string>? Segments = null,
    int Priority = 0,
    int? DailyCap = 1,
    bool RequiresMarketingConsent = true,
    string? Description = null,
    IReadOnlyDictionary<string, string>? Payload = null);

/// <summary>A content block a page may show.</summary>
/// <param name="Id">Block id.</param>
/// <param name="Type">e.g. <c>hero</c>, <c>banner</c>, <c>carousel</c>; a <c>recommendations</c> block is filled with recommended items.</param>
/// <param name="Title">Heading.</param>
/// <param name="Category">The category it promotes; its position follows the customer's affinity for it.</param>
/// <param name="Condition">Who sees it; null = everybody.</param>
/// <param name="Pages">Pages it may appear on; null = all.</param>
/// <param name="Priority">Base order, higher first.</param>
[GenerateSerializer, Immutable]
public sealed record ContentBlockDefinition(
    string Id,
    string Type,
    string Title,
    string? Category = null,
    RuleCondition? Condition = null,
    IReadOnlyList<string>? Pages = null,
    int Priority = 0);

/// <summary>All admin-managed decision configuration at one version.</summary>
[GenerateSerializer, Immutable]
public sealed record DecisionConfig(
    long Version,
    IReadOnlyList<SegmentDefinition> Segments,
    IReadOnlyList<OfferDefinition> Offers,
    IReadOnlyList<ContentBlockDefinition> ContentBlocks,
    IReadOnlyList<ExperimentDefinition> Experiments);
