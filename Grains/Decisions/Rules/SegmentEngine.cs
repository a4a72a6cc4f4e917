using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>Evaluates rule-defined segments, plus automatic category fans: <c>fan:CATEGORY</c> for up to three
/// categories whose affinity is at least half the strongest and at least <see cref="FanMinScore"/>.</summary>
public sealed class SegmentEngine(IReadOnlyList<(string Id, Func<FactSet, bool> Predicate)> segments)
{
    public const string FanPrefix = "fan:";
    public const double FanMinScore = 3.0;
    private const int MaxFanSegments = 3;

    public IReadOnlyList<string> Ids { get; } = segments.Select(s => s.Id).ToList();

    public static SegmentEngine Compile(IEnumerable<SegmentDefinition> definitions) =>
        new(definitions.Select(d => (d.Id, ConditionCompiler.Compile(d.Condition, $"segments.{d.Id}.condition", allowSegments: false))).ToList());

    /// <summary>The customer's segments now. Without personalization consent, inferred category fans are not computed.</summary>
    public HashSet<string> Evaluate(FactSet facts)
    {
        var result = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (id, predicate) in segments)
        {
            if (predicate(facts))
            {
                result.Add(id);
            }
        }

        if (facts.Profile.PersonalizationConsent && facts.Profile.CategoryAffinities is { Count: > 0 } affinities)
        {
            var max = affinities.Values.Max();
            foreach (var (category, _) in affinities
                .Where(a => a.Value >= FanMinScore && a.Value >= max / 2)
                .OrderByDescending(a => a.Value).ThenBy(a => a.Key, StringComparer.Ordinal)
                .Take(MaxFanSegments))
            {
                result.Add(FanPrefix + category.ToLowerInvariant());
            }
        }

        return result;
    }
}
