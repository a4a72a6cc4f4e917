using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Decisions;
using Xunit.Abstractions;

namespace PersoActors.Grains.Tests.Decisions;

public sealed class RecommendationQualityTests(ITestOutputHelper output)
{
    private static readonly SyntheticWorld World = new();

    [Fact]
    public void Personalized_recommendations_beat_the_popularity_fallback_on_precision_at_10()
    {
        var engine = new DecisionEngine(new DecisionOptions(), TimeProvider.System);
        var random = new Random(42);
        double personalizedHits = 0, fallbackHits = 0;
        const int customers = 200;
        for (var c = 0; c < customers; c++)
        {
            var interests = World.Categories.OrderBy(_ => random.Next()).Take(3).ToList();
            var profile = World.SimulatedCustomer($"sim-{c}", interests, random);
            var request = new RecommendationsRequest("home", 10);

            var personalized = engine.Recommend(profile, request, snapshot: World.Snapshot, now: SyntheticWorld.Now).Response;
            var fallback = engine.Recommend(profile with { PersonalizationConsent = false }, request, snapshot: World.Snapshot, now: SyntheticWorld.Now).Response;

            Assert.True(personalized.Personalized);
            Assert.False(fallback.Personalized);
            Assert.Equal(10, personalized.Items.Count);
            Assert.Equal(10, fallback.Items.Count);
            personalizedHits += personalized.Items.Count(i => interests.Contains(i.Categories[0]));
            fallbackHits += fallback.Items.Count(i => interests.Contains(i.Categories[0]));
        }

        var personalizedPrecision = personalizedHits / (customers * 10);
        var fallbackPrecision = fallbackHits / (customers * 10);

        output.WriteLine($"precision@10: personalized {personalizedPrecision:F3}, popularity fallback {fallbackPrecision:F3}");

        // 3 of 20 categories are relevant, so popularity alone lands near 0.15. With at most 3 items per
        // category, a perfect list scores 0.9; a scorer that ignores interests cannot clear 0.7.
        Assert.InRange(fallbackPrecision, 0.05, 0.3);
        Assert.True(personalizedPrecision >= 0.7, $"personalized precision@10 {personalizedPrecision:F3}");
        Assert.True(personalizedPrecision - fallbackPrecision >= 0.45,
            $"personalized {personalizedPrecision:F3} vs popularity {fallbackPrecision:F3}");
    }

    [Fact]
    public void Every_item_carries_a_reason_and_no_primary_category_exceeds_the_diversity_cap()
    {
        var engine = new DecisionEngine(new DecisionOptions(), TimeProvider.System);
        var profile = World.SimulatedCustomer("reasons", ["Cat01"], new Random(1));

        var items = engine.Recommend(profile, new RecommendationsRequest("home", 20), snapshot: World.Snapshot, now: SyntheticWorld.Now).Response.Items;

        Assert.Equal(20, items.Count);
        Assert.All(items, i => Assert.False(string.IsNullOrWhiteSpace(i.Reason.Text)));
        Assert.All(items.GroupBy(i => i.Categories[0]), g => Assert.True(g.Count() <= 3, $"{g.Key}: {g.Count()}"));
        Assert.Contains(items, i => i.Reason.Code == "because_you_viewed" && i.Reason.RelatedItemId is not null);
    }

    [Fact]
    public void Product_page_recommends_items_viewed_with_the_current_item()
    {
        var engine = new DecisionEngine(new DecisionOptions(), TimeProvider.System);
        var current = World.Items.First(i => World.Signals.Items.First(r => r.ItemId == i.Id).Neighbours!.Count > 3);
        var neighbours = World.Signals.Items.First(r => r.ItemId == current.Id).Neighbours!.Select(n => n.ItemId).ToHashSet();
        var profile = World.SimulatedCustomer("pp", ["Cat05"], new Random(3));

        var response = engine.Recommend(profile, new RecommendationsRequest("product_page", 10, current.Id), snapshot: World.Snapshot, now: SyntheticWorld.Now).Response;

        Assert.DoesNotContain(response.Items, i => i.ItemId == current.Id);
        Assert.Contains(response.Items, i => neighbours.Contains(i.ItemId) && i.Reason is { Code: "similar_to_current" } r && r.RelatedItemId == current.Id);
    }
}
