using System.Text.Json;
using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Tests.Decisions;

public sealed class RuleTests
{
    private static readonly DateTimeOffset Now = SyntheticWorld.Now;

    private static RuleCondition Parse(string json) =>
        JsonSerializer.Deserialize<RuleCondition>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    [Fact]
    public void Default_segments_follow_rfm_cart_and_activity_facts()
    {
        var engine = SegmentEngine.Compile(DefaultSegments.All);
        var bigSpender = new DecisionProfile("a", true, Facts: new CustomerFacts(EventCount: 300, OrderCount: 6, TotalSpend: 900, LastOrderAt: Now.AddDays(-120)));
        var abandoner = new DecisionProfile("b", true, Facts: new CustomerFacts(EventCount: 4, CartItemIds: ["x"], CartUpdatedAt: Now.AddMinutes(-45)));
        var fresh = abandoner with { Facts = abandoner.Facts! with { CartUpdatedAt = Now.AddMinutes(-5) } };

        Assert.Equal(["high_value", "lapsed", "loyal"], engine.Evaluate(new FactSet(bigSpender, null, null, Now)).Order());
        Assert.Equal(["cart_abandoner", "new_visitor"], engine.Evaluate(new FactSet(abandoner, null, null, Now)).Order());
        Assert.Equal(["new_visitor"], engine.Evaluate(new FactSet(fresh, null, null, Now)).Order());
    }

    [Fact]
    public void Category_fans_are_derived_from_affinities_only_with_personalization_consent()
    {
        var engine = SegmentEngine.Compile([]);
        var profile = new DecisionProfile("f", true, CategoryAffinities: new Dictionary<string, double> { ["Shoes"] = 10, ["Hats"] = 6, ["Socks"] = 1 });

        Assert.Equal(["fan:hats", "fan:shoes"], engine.Evaluate(new FactSet(profile, null, null, Now)).Order());
        Assert.Empty(engine.Evaluate(new FactSet(profile with { PersonalizationConsent = false }, null, null, Now)));
    }

    [Fact]
    public void Conditions_combine_context_affinity_and_segment_facts()
    {
        var condition = ConditionCompiler.Compile(Parse("""
            {"all":[
              {"fact":"context.device","op":"in","value":["mobile","tablet"]},
              {"fact":"affinity.category.shoes","op":"gte","value":0.5},
              {"not":{"fact":"segments","op":"contains","value":"lapsed"}},
              {"fact":"rfm.recency_days","op":"exists","value":false}
            ]}
            """), "condition");
        var profile = new DecisionProfile("x", true, CategoryAffinities: new Dictionary<string, double> { ["Shoes"] = 4, ["Hats"] = 8 });

        Assert.True(condition(new FactSet(profile, new DecisionContext(Device: "Mobile"), null, Now)));
        Assert.False(condition(new FactSet(profile, new DecisionContext(Device: "desktop"), null, Now)));
        Assert.False(condition(new FactSet(profile, new DecisionContext(Device: "mobile"), null, Now, new HashSet<string> { "lapsed" })));
    }

    [Fact]
    public void Invalid_conditions_report_every_problem_with_its_path()
    {
        var ex = Assert.Throws<DecisionValidationException>(() => ConditionCompiler.Compile(Parse("""
            {"any":[
              {"fact":"rfm.monetary","op":"gte","value":"lots"},
              {"fact":"no.such.fact","op":"eq","value":1},
              {"fact":"context.device","op":"gt","value":"x"},
              {"fact":"cart.items","op":"gt"},
              {}
            ]}
            """), "condition"));

        Assert.Equal(
            ["condition.any[0].value", "condition.any[1].fact", "condition.any[2].op", "condition.any[3].value", "condition.any[4]"],
            ex.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Definitions_must_reference_known_segments_and_experiments_need_valid_variants()
    {
        var offer = Assert.Throws<DecisionValidationException>(() => DecisionConfigValidator.ThrowIfInvalid(
            new OfferDefinition("o", "Offer", [], Segments: ["nobody"], DailyCap: 0), ["high_value"]));
        var experiment = Assert.Throws<DecisionValidationException>(() => DecisionConfigValidator.ThrowIfInvalid(
            new ExperimentDefinition("bad id!", [new("a", 1), new("a", -1)], Coverage: 1.5, Surface: "email", TargetSegment: "ghosts"), ["high_value"]));

        Assert.Equal(["channels", "dailyCap", "segments[0]"], offer.Errors.Select(e => e.Field));
        Assert.Equal(["id", "variants[1].key", "variants[1].weight", "coverage", "surface", "targetSegment"], experiment.Errors.Select(e => e.Field));
        DecisionConfigValidator.ThrowIfInvalid(new OfferDefinition("o", "Offer", ["web"], Segments: ["fan:shoes"]), []);
    }
}
