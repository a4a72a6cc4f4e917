using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>Per-variant results with a two-proportion z-test against the control (the first variant):
/// p̂ = (c₁+c₀)/(n₁+n₀), z = (r₁ − r₀) / √(p̂(1−p̂)(1/n₁ + 1/n₀)), p = 2·(1 − Φ(|z|)) = erfc(|z|/√2).</summary>
public static class ExperimentStatistics
{
    public const double Confidence = 0.95;

    public static ExperimentResults Compute(string experimentId, IReadOnlyList<(string Variant, long Exposures, long Conversions, decimal Revenue)> variants)
    {
        if (variants.Count == 0)
        {
            return new ExperimentResults(experimentId, "", [], Confidence);
        }

        var control = variants[0];
        var controlRate = Rate(control.Conversions, control.Exposures);
        var results = new List<VariantResult>(variants.Count);
        for (var i = 0; i < variants.Count; i++)
        {
            var v = variants[i];
            var rate = Rate(v.Conversions, v.Exposures);
            if (i == 0)
            {
                results.Add(new VariantResult(v.Variant, v.Exposures, v.Conversions, rate, v.Revenue, null, null, null, false));
                continue;
            }

            double? uplift = controlRate > 0 ? (rate - controlRate) / controlRate : null;
            var (z, p) = ZTest(v.Conversions, v.Exposures, control.Conversions, control.Exposures);
            results.Add(new VariantResult(v.Variant, v.Exposures, v.Conversions, rate, v.Revenue, uplift, z, p, p < 1 - Confidence));
        }

        return new ExperimentResults(experimentId, control.Variant, results, Confidence);
    }

    /// <summary>Two-sided two-proportion z-test with pooled variance; nulls when a side has no exposures or the pooled rate is 0 or 1.</summary>
    public static (double? Z, double? P) ZTest(long conversions, long exposures, long controlConversions, long controlExposures)
    {
        if (exposures <= 0 || controlExposures <= 0)
        {
            return (null, null);
        }

        var pooled = (double)(conversions + controlConversions) / (exposures + controlExposures);
        var variance = pooled * (1 - pooled) * (1.0 / exposures + 1.0 / controlExposures);
        if (variance <= 0)
        {
            return (null, null);
        }

        var z = (Rate(conversions, exposures) - Rate(controlConversions, controlExposures)) / Math.Sqrt(variance);
        return (z, Erfc(Math.Abs(z) / Math.Sqrt(2)));
    }

    /// <summary>Complementary error function (Numerical Recipes' Chebyshev fit, relative error &lt; 1.2e-7).</summary>
    public static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + 0.5 * z);
        var r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
            + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    private static double Rate(long conversions, long exposures) => exposures > 0 ? (double)conversions / exposures : 0;
}
