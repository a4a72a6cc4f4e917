using System.Text.RegularExpressions;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>Validates admin definitions against each other (referenced segments must exist).</summary>
public static partial class DecisionConfigValidator
{
    public static readonly IReadOnlySet<string> Surfaces = new HashSet<string>(StringComparer.Ordinal) { "any", "recommendations", "experience", "offers" };

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")]
    private static partial Regex IdPattern();

    public static void ThrowIfInvalid(SegmentDefinition? segment)
    {
        var errors = new List<FieldError>();
        if (segment is null)
        {
            throw Invalid("body", "A segment is required.");
        }

        Id(segment.Id, "id", errors);
        if (segment.Id?.StartsWith(SegmentEngine.FanPrefix, StringComparison.Ordinal) == true)
        {
            errors.Add(new FieldError("id", $"Ids starting with '{SegmentEngine.FanPrefix}' are reserved for automatic category fans."));
        }

        if (segment.Condition is null)
        {
            errors.Add(new FieldError("condition", "Required."));
        }

        ConditionCompiler.Validate(segment.Condition, "condition", allowSegments: false, errors);
        Throw(errors);
    }

    public static void ThrowIfInvalid(OfferDefinition? offer, IReadOnlyCollection<string> segmentIds)
    {
        var errors = new List<FieldError>();
        if (offer is null)
        {
            throw Invalid("body", "An offer is required.");
        }

        Id(offer.Id, "id", errors);
        if (string.IsNullOrWhiteSpace(offer.Title))
        {
            errors.Add(new FieldError("title", "Required."));
        }

        if (offer.Channels is null || offer.Channels.Count == 0)
        {
            errors.Add(new FieldError("channels", "At least one channel is required."));
        }
        else
        {
            for (var i = 0; i < offer.Channels.Count; i++)
            {
                Id(offer.Channels[i], $"channels[{i}]", errors);
            }
        }

        if (offer.DailyCap is < 1)
        {
            errors.Add(new FieldError("dailyCap", "Must be 1 or more (or omitted for no cap)."));
        }

        SegmentRefs(offer.Segments, "segments", segmentIds, errors);
        ConditionCompiler.Validate(offer.Condition, "condition", allowSegments: true, errors);
        Throw(errors);
    }

    public static void ThrowIfInvalid(ContentBlockDefinition? block)
    {
        var errors = new List<FieldError>();
        if (block is null)
        {
            throw Invalid("body", "A content block is required.");
        }

        Id(block.Id, "id", errors);
        Id(block.Type, "type", errors);
        if (string.IsNullOrWhiteSpace(block.Title))
        {
            errors.Add(new FieldError("title", "Required."));
        }

        ConditionCompiler.Validate(block.Condition, "condition", allowSegments: true, errors);
        Throw(errors);
    }

    public static void ThrowIfInvalid(ExperimentDefinition? experiment, IReadOnlyCollection<string> segmentIds)
    {
        var errors = new List<FieldError>();
        if (experiment is null)
        {
            throw Invalid("body", "An experiment is required.");
        }

        Id(experiment.Id, "id", errors);
        if (experiment.Variants is null || experiment.Variants.Count < 2)
        {
            errors.Add(new FieldError("variants", "At least two variants are required (the first is the control)."));
        }
        else
        {
            var keys = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < experiment.Variants.Count; i++)
            {
                var variant = experiment.Variants[i];
                if (variant is null)
                {
                    errors.Add(new FieldError($"variants[{i}]", "Required."));
                    continue;
                }

                Id(variant.Key, $"variants[{i}].key", errors);
                if (variant.Key is not null && !keys.Add(variant.Key))
                {
                    errors.Add(new FieldError($"variants[{i}].key", $"Duplicate variant '{variant.Key}'."));
                }

                if (!double.IsFinite(variant.Weight) || variant.Weight <= 0)
                {
                    errors.Add(new FieldError($"variants[{i}].weight", "Must be a positive number."));
                }
            }

            // Weights are normalized by their sum: one that overflows made every normalized weight 0, so nobody was
            // ever assigned, silently.
            if (!double.IsFinite(experiment.Variants.Sum(v => v?.Weight ?? 0)))
            {
                errors.Add(new FieldError("variants", "The weights add up to more than a number can hold; they are relative (1 and 3 split as 25 and 75)."));
            }
        }

        if (!double.IsFinite(experiment.Coverage) || experiment.Coverage is < 0 or > 1)
        {
            errors.Add(new FieldError("coverage", "Must be between 0 and 1."));
        }

        if (!Surfaces.Contains(experiment.Surface ?? ""))
        {
            errors.Add(new FieldError("surface", $"Must be one of: {string.Join(", ", Surfaces)}."));
        }

        if (experiment.Seed is { Length: 0 or > 128 })
        {
            errors.Add(new FieldError("seed", "1..128 characters when given."));
        }

        if (experiment.TargetSegment is not null)
        {
            SegmentRefs([experiment.TargetSegment], "targetSegment", segmentIds, errors);
        }

        Throw(errors);
    }

    private static void SegmentRefs(IReadOnlyList<string>? ids, string field, IReadOnlyCollection<string> known, List<FieldError> errors)
    {
        for (var i = 0; i < (ids?.Count ?? 0); i++)
        {
            var id = ids![i];
            var name = ids.Count == 1 && field == "targetSegment" ? field : $"{field}[{i}]";
            if (string.IsNullOrWhiteSpace(id))
            {
                errors.Add(new FieldError(name, "Must not be blank."));
            }
            else if (!id.StartsWith(SegmentEngine.FanPrefix, StringComparison.Ordinal) && !known.Contains(id))
            {
                errors.Add(new FieldError(name, $"Unknown segment '{id}'."));
            }
        }
    }

    private static void Id(string? id, string field, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(id) || !IdPattern().IsMatch(id))
        {
            errors.Add(new FieldError(field, "Required: 1..64 letters, digits, '_', '-', '.', ':' (starting with a letter or digit)."));
        }
    }

    private static void Throw(List<FieldError> errors)
    {
        if (errors.Count > 0)
        {
            throw new DecisionValidationException(errors);
        }
    }

    private static DecisionValidationException Invalid(string field, string message) => new([new FieldError(field, message)]);
}
