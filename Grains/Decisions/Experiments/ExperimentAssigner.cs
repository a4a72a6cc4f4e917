using System.Globalization;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>Deterministic, sticky variant assignment as GrowthBook does it (hash version 2):
/// <c>n = (fnv1a32(fnv1a32(seed + customerId).ToString()) mod 10000) / 10000</c>, a number in [0, 1).
/// Variant i owns the range [start_i, start_i + coverage·w_i) where start_i is the sum of the normalized
/// weights before it; n outside every range means "not in the experiment". Raising coverage only widens
/// ranges, so nobody already assigned changes variant.</summary>
public static class ExperimentAssigner
{
    /// <summary>The hash bucket of a customer in an experiment, in [0, 1).</summary>
    public static double Bucket(string seed, string customerId)
    {
        var inner = Fnv1a.Hash32(customerId, Fnv1a.Hash32(seed));
        Span<char> digits = stackalloc char[10];
        inner.TryFormat(digits, out var length, default, CultureInfo.InvariantCulture);
        var outer = Fnv1a.Hash32(digits[..length]);
        return outer % 10000 / 10000.0;
    }

    /// <summary>The variant index owning bucket <paramref name="n"/>, or -1.</summary>
    public static int VariantIndex(ExperimentDefinition experiment, double n)
    {
        var total = experiment.Variants.Sum(v => v.Weight);
        var start = 0.0;
        for (var i = 0; i < experiment.Variants.Count; i++)
        {
            var weight = experiment.Variants[i].Weight / total;
            if (n >= start && n < start + experiment.Coverage * weight)
            {
                return i;
            }

            start += weight;
        }

        return -1;
    }

    /// <summary>Assigns a customer to a variant, or null when the experiment is inactive, does not apply to the
    /// surface, targets a segment the customer is not in, or the customer falls outside coverage.
    /// <paramref name="remembered"/> (the variant this customer was exposed to before) wins while it still exists,
    /// so a customer keeps their variant when weights change.</summary>
    public static ExperimentAssignment? Assign(ExperimentDefinition experiment, string customerId, string surface, IReadOnlySet<string> segments, string? remembered = null)
    {
        if (!experiment.Active || (experiment.Surface != "any" && experiment.Surface != surface))
        {
            return null;
        }

        if (experiment.TargetSegment is { } target && !segments.Contains(target))
        {
            return null;
        }

        var variant = remembered is not null ? experiment.Variants.FirstOrDefault(v => v.Key == remembered) : null;
        if (variant is null)
        {
            var index = VariantIndex(experiment, Bucket(experiment.Seed ?? experiment.Id, customerId));
            if (index < 0)
            {
                return null;
            }

            variant = experiment.Variants[index];
        }

        return new ExperimentAssignment(experiment.Id, variant.Key, variant.Parameters);
    }
}
