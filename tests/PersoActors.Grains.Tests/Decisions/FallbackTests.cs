using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Tests.Decisions;

public sealed class FallbackTests
{
    private static readonly SyntheticWorld World = new(categories: 10, itemsPerCategory: 60, seed: 5);
    private static readonly DecisionEngine Engine = new(new DecisionOptions(), TimeProvider.System);

    private static RecommendationsResponse Recommend(DecisionProfile profile, RecommendationsRequest? request = null) =>
        Engine.Recommend(profile, request ?? new RecommendationsRequest(), snapshot: World.Snapshot, now: SyntheticWorld.Now).Response;

    [Fact]
    public void Without_personalization_consent_the_default_list_is_served_and_says_why()
    {
        var profile = World.SimulatedCustomer("no-consent", ["Cat02"], new Random(2), consent: false);

        var response = Recommend(profile);

        Assert.False(response.Personalized);
        Assert.Equal("no_personalization_consent", response.FallbackReason);
        Assert.Equal(10, response.Items.Count);
        Assert.StartsWith("d1_", response.DecisionId);
    }

    [Fact]
    public void A_new_customer_with_too_little_data_gets_the_default_list_with_reason_insufficient_data()
    {
        var profile = new DecisionProfile("newbie", PersonalizationConsent: true,
            RecentItems: [new RecentItem(World.Items[0].Id, InteractionKind.View, SyntheticWorld.Now)]);

        var response = Recommend(profile);

        Assert.False(response.Personalized);
        Assert.Equal("insufficient_data", response.FallbackReason);
        Assert.Equal(10, response.Items.Count);
        Assert.Contains(response.Items, i => i.Reason.Code is "trending" or "popular_in_category");
    }

    [Fact]
    public void The_fallback_list_is_the_popularity_order_within_the_diversity_cap()
    {
        var response = Recommend(new DecisionProfile("anon", PersonalizationConsent: false), new RecommendationsRequest(Count: 5));

        var expected = new List<string>();
        var perCategory = new Dictionary<int, int>();
        foreach (var index in World.Snapshot.Signals.Trending)
        {
            var entry = World.Catalog.Items[index];
            if (perCategory.GetValueOrDefault(entry.PrimaryCategory) < 3 && expected.Count < 5)
            {
                perCategory[entry.PrimaryCategory] = perCategory.GetValueOrDefault(entry.PrimaryCategory) + 1;
                expected.Add(entry.Item.Id);
            }
        }

        Assert.Equal(expected, response.Items.Select(i => i.ItemId));
    }

    [Fact]
    public void Explicit_favourites_shape_the_default_list_even_without_consent()
    {
        var profile = new DecisionProfile("fav", PersonalizationConsent: false,
            Customization: new CustomerCustomization(FavouriteCategories: ["Cat07"]));

        var response = Recommend(profile);

        Assert.Equal(3, response.Items.Count(i => i.Categories[0] == "Cat07"));
        Assert.Contains(response.Items, i => i.Reason.Code == "favourite_category");
    }

    [Fact]
    public void Bad_requests_are_rejected_naming_each_field()
    {
        var ex = Assert.Throws<DecisionValidationException>(() =>
            Recommend(new DecisionProfile("x", true), new RecommendationsRequest("product_page", 0, null, new DecisionContext(LocalHour: 25))));

        Assert.Equal(["count", "currentItemId", "context.localHour"], ex.Errors.Select(e => e.Field));
    }
}
