using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Tests.Decisions;

public sealed class ExperimentTests
{
    private static readonly HashSet<string> NoSegments = [];

    private static ExperimentDefinition Experiment(double coverage = 1, params (string Key, double Weight)[] variants) =>
        new("exp-1", variants.Select(v => new ExperimentVariant(v.Key, v.Weight)).ToList(), coverage);

    [Theory]
    [InlineData("", 0x811c9dc5u)]
    [InlineData("a", 0xe40c292cu)]
    [InlineData("foobar", 0xbf9cf968u)]
    public void Fnv1a_matches_the_published_test_vectors(string input, uint expected) => Assert.Equal(expected, Fnv1a.Hash32(input));

    [Fact]
    public void The_bucket_is_fnv1a_of_the_decimal_fnv1a_of_seed_plus_customer_id_mod_10000()
    {
        var inner = Fnv1a.Hash32("exp-1" + "customer-42");
        var expected = Fnv1a.Hash32(inner.ToString(System.Globalization.CultureInfo.InvariantCulture)) % 10000 / 10000.0;

        Assert.Equal(expected, ExperimentAssigner.Bucket("exp-1", "customer-42"));
    }

    [Fact]
    public void Assignment_is_deterministic_and_within_two_percent_of_the_weights_over_100k_ids()
    {
        var experiment = Experiment(1, ("control", 50), ("a", 30), ("b", 20));
        var counts = new Dictionary<string, int>();
        for (var i = 0; i < 100_000; i++)
        {
            var id = $"user-{i}";
            var first = ExperimentAssigner.Assign(experiment, id, "recommendations", NoSegments)!;
            var again = ExperimentAssigner.Assign(experiment, id, "recommendations", NoSegments)!;
            Assert.Equal(first.Variant, again.Variant);
            counts[first.Variant] = counts.GetValueOrDefault(first.Variant) + 1;
        }

        Assert.InRange(counts["control"] / 100_000.0, 0.48, 0.52);
        Assert.InRange(counts["a"] / 100_000.0, 0.28, 0.32);
        Assert.InRange(counts["b"] / 100_000.0, 0.18, 0.22);
    }

    [Fact]
    public void Coverage_includes_its_share_and_raising_it_never_moves_anyone_between_variants()
    {
        var half = Experiment(0.5, ("control", 1), ("treatment", 1));
        var full = half with { Coverage = 1 };
        var included = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var id = $"u{i}";
            if (ExperimentAssigner.Assign(half, id, "any", NoSegments) is { } before)
            {
                included++;
                Assert.Equal(before.Variant, ExperimentAssigner.Assign(full, id, "any", NoSegments)!.Variant);
            }
        }

        Assert.InRange(included / 100_000.0, 0.48, 0.52);
    }

    [Fact]
    public void A_remembered_variant_stays_when_weights_change_and_targeting_limits_who_is_enrolled()
    {
        var experiment = Experiment(1, ("control", 1), ("treatment", 1));
        var reweighted = experiment with { Variants = [new("control", 1), new("treatment", 99)] };
        var targeted = experiment with { TargetSegment = "high_value" };
        var controlCustomer = Enumerable.Range(0, 1000).Select(i => $"c{i}")
            .First(id => ExperimentAssigner.Assign(experiment, id, "any", NoSegments)!.Variant == "control");

        Assert.Equal("control", ExperimentAssigner.Assign(reweighted, controlCustomer, "any", NoSegments, remembered: "control")!.Variant);
        Assert.Null(ExperimentAssigner.Assign(targeted, controlCustomer, "any", NoSegments));
        Assert.NotNull(ExperimentAssigner.Assign(targeted, controlCustomer, "any", new HashSet<string> { "high_value" }));
        Assert.Null(ExperimentAssigner.Assign(experiment with { Surface = "offers" }, controlCustomer, "recommendations", NoSegments));
        Assert.Null(ExperimentAssigner.Assign(experiment with { Active = false }, controlCustomer, "any", NoSegments));
    }

    [Fact]
    public void Results_compute_rate_uplift_and_two_proportion_z_test_as_by_hand()
    {
        // control 100/1000 = 10%, treatment 130/1000 = 13%. Pooled p = 230/2000 = 0.115;
        // SE = sqrt(0.115 * 0.885 * (1/1000 + 1/1000)) = 0.0142671; z = 0.03 / 0.0142671 = 2.10274;
        // two-sided p = erfc(2.10274 / sqrt 2) = 0.035490.
        var results = ExperimentStatistics.Compute("e", [("control", 1000, 100, 500m), ("treatment", 1000, 130, 700m)]);

        Assert.Equal("control", results.ControlVariant);
        var control = results.Variants[0];
        var treatment = results.Variants[1];
        Assert.Equal(0.10, control.ConversionRate, 10);
        Assert.Null(control.Uplift);
        Assert.Equal(0.13, treatment.ConversionRate, 10);
        Assert.Equal(0.30, treatment.Uplift!.Value, 10);
        Assert.Equal(2.10274, treatment.ZScore!.Value, 4);
        Assert.Equal(0.035490, treatment.PValue!.Value, 5);
        Assert.True(treatment.Significant);
        Assert.Equal(700m, treatment.Revenue);
    }

    [Fact]
    public void Results_without_data_have_no_test_and_are_not_significant()
    {
        var results = ExperimentStatistics.Compute("e", [("control", 0, 0, 0m), ("treatment", 500, 10, 0m)]);

        Assert.Null(results.Variants[1].PValue);
        Assert.Null(results.Variants[1].Uplift);
        Assert.False(results.Variants[1].Significant);
        Assert.Equal(0.02, results.Variants[1].ConversionRate, 10);
    }

    [Fact]
    public void Erfc_matches_reference_values()
    {
        Assert.Equal(1.0, ExperimentStatistics.Erfc(0), 6);
        Assert.Equal(0.157299207, ExperimentStatistics.Erfc(1), 6);
        Assert.Equal(0.004677735, ExperimentStatistics.Erfc(2), 6);
        Assert.Equal(1.842700793, ExperimentStatistics.Erfc(-1), 6);
    }

    [Fact]
    public void The_engine_enrolls_consenting_customers_once_and_reports_the_first_exposure_only()
    {
        var experiment = new ExperimentDefinition("rec-strategy",
            [new("personalized", 1), new("popularity", 1, new Dictionary<string, string> { ["strategy"] = "popularity" })], Surface: "recommendations");
        var world = new SyntheticWorld(categories: 6, itemsPerCategory: 30);
        var snapshot = world.Snapshot with { Config = CompiledDecisionConfig.Compile(new DecisionConfig(1, DefaultSegments.All, [], [], [experiment])) };
        var engine = new DecisionEngine(new DecisionOptions(), TimeProvider.System);
        var profile = world.SimulatedCustomer("someone", ["Cat01"], new Random(4));

        var first = engine.Recommend(profile, new RecommendationsRequest(), null, snapshot, SyntheticWorld.Now);
        var second = engine.Recommend(profile, new RecommendationsRequest(), first.State, snapshot, SyntheticWorld.Now);
        var withoutConsent = engine.Recommend(profile with { PersonalizationConsent = false }, new RecommendationsRequest(), null, snapshot, SyntheticWorld.Now);

        var assignment = Assert.Single(first.Response.Experiments);
        Assert.Equal(assignment.Variant == "personalized", first.Response.Personalized);
        Assert.Equal(assignment.Variant == "popularity" ? "experiment_variant" : null, first.Response.FallbackReason);
        Assert.Equal(assignment.Variant, Assert.Single(first.Exposures).Exposure.Variant);
        Assert.Equal(assignment.Variant, first.State.Experiments!["rec-strategy"]);
        Assert.Equal(assignment, Assert.Single(second.Response.Experiments));
        Assert.Empty(second.Exposures);
        Assert.Empty(withoutConsent.Response.Experiments);
        Assert.True(engine.DecisionIds.TryParse(first.Response.DecisionId, out var decoded));
        Assert.Equal("someone", decoded.CustomerId);
        Assert.Equal(new ExperimentAssignment("rec-strategy", assignment.Variant), Assert.Single(decoded.Experiments));
    }
}
