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
            var max = FactSet.Max(affinities);
            string? previous = null;
            var previousScore = double.PositiveInfinity;
            for (var fans = 0; fans < MaxFanSegments; fans++)
            {
                // The next strongest qualifying category after the previous pick (by score, then ordinal name).
                string? next = null;
                var nextScore = 0.0;
                foreach (var (category, score) in affinities)
                {
                    if (score >= FanMinScore && score >= max / 2 && After(score, category, previousScore, previous)
                        && (next is null || score > nextScore || (score == nextScore && string.CompareOrdinal(category, next) < 0)))
                    {
                        (next, nextScore) = (category, score);
                    }
                }

                if (next is null)
                {
                    break;
                }

                result.Add(FanPrefix + next.ToLowerInvariant());
                (previous, previousScore) = (next, nextScore);
            }
        }

        return result;
    }

    private static bool After(double score, string category, double previousScore, string? previous) =>
        previous is null || score < previousScore || (score == previousScore && string.CompareOrdinal(category, previous) > 0);
}
