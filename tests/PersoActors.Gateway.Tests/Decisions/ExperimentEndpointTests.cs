using PersoActors.Gateway.Tests.Infrastructure;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Gateway.Tests.Decisions;

public sealed class ExperimentEndpointTests(DecisionGateway gateway) : IClassFixture<DecisionGateway>
{
    [Fact]
    public async Task Exposures_clicks_and_conversions_add_up_to_the_experiment_results()
    {
        var defined = await gateway.Admin.SendJsonAsync(HttpMethod.Put, "/v1/experiments/home-recs", new
        {
            name = "Narrower diversity",
            variants = new object[]
            {
                new { key = "control", weight = 1 },
                new { key = "narrow", weight = 1, parameters = new { max_per_category = "2" } },
            },
            surface = "recommendations",
        });
        Assert.True(defined.IsSuccessStatusCode, await defined.Content.ReadAsStringAsync());
        var definition = await (await gateway.Admin.GetAsync("/v1/experiments/home-recs")).ReadAsync<ExperimentDefinition>();
        Assert.Equal(["control", "narrow"], definition.Variants.Select(v => v.Key));

        var variants = new Dictionary<string, string>();
        var converters = new Dictionary<string, decimal>();
        for (var i = 0; i < 30; i++)
        {
            var customerId = await gateway.CustomerInterestedInAsync(SyntheticCatalog.Categories[i % 4], customerId: $"exp-{i}");
            var first = await gateway.RecommendAsync(customerId);
            var again = await gateway.RecommendAsync(customerId);
            var assignment = Assert.Single(first.Experiments);
            Assert.Equal("home-recs", assignment.ExperimentId);
            Assert.Equal(assignment.Variant, Assert.Single(again.Experiments).Variant); // sticky
            Assert.True(first.Personalized);
            Assert.All(first.Items.GroupBy(item => item.Categories[0]), g => Assert.True(g.Count() <= (assignment.Variant == "narrow" ? 2 : 3)));
            variants[customerId] = assignment.Variant;

            var decision = first.DecisionId;
            switch (i % 3)
            {
                case 0:
                    // Clicked, then converted through feedback; the retry is recognized.
                    var click = await FeedbackAsync(decision, new { type = "click", itemId = first.Items[0].ItemId });
                    Assert.True(click.Accepted);
                    var conversion = await FeedbackAsync(decision, new { type = "conversion", value = 10 });
                    Assert.Equal([("home-recs", assignment.Variant)], conversion.AttributedTo.Select(a => (a.ExperimentId, a.Variant)).ToList());
                    var retry = await FeedbackAsync(decision, new { type = "conversion", value = 10 });
                    Assert.True(retry.Duplicate);
                    converters[customerId] = 10;
                    break;
                case 1:
                    // Bought a recommended item: the purchase event is attributed to the decision that showed it
                    // (every other customer names the decision explicitly).
                    var item = first.Items[^1];
                    object purchase = i % 2 == 0
                        ? new { type = "purchase", itemId = item.ItemId, value = 20, orderId = $"o-{i}", decisionId = decision }
                        : new { type = "purchase", itemId = item.ItemId, value = 20, orderId = $"o-{i}" };
                    await gateway.Site.TrackAsync(customerId, purchase);
                    var attributedDecision = i % 2 == 0 || !again.Items.Any(x => x.ItemId == item.ItemId)
                        ? decision
                        : again.DecisionId; // the most recent decision that showed it
                    Assert.True((await FeedbackAsync(attributedDecision, new { type = "conversion" })).Duplicate);
                    converters[customerId] = 20;
                    break;
            }
        }

        var results = await (await gateway.Admin.GetAsync("/v1/experiments/home-recs/results")).ReadAsync<ExperimentResults>();

        Assert.Equal("control", results.ControlVariant);
        Assert.Equal(["control", "narrow"], results.Variants.Select(v => v.Variant));
        foreach (var row in results.Variants)
        {
            var members = variants.Where(v => v.Value == row.Variant).Select(v => v.Key).ToList();
            Assert.NotEmpty(members);
            Assert.Equal(members.Count, row.Exposures);
            Assert.Equal(members.Count(converters.ContainsKey), row.Conversions);
            Assert.Equal(members.Where(converters.ContainsKey).Sum(m => converters[m]), row.Revenue);
            Assert.Equal((double)row.Conversions / row.Exposures, row.ConversionRate, 9);
        }

        var (control, narrow) = (results.Variants[0], results.Variants[1]);
        Assert.Null(control.Uplift);
        Assert.Equal((narrow.ConversionRate - control.ConversionRate) / control.ConversionRate, narrow.Uplift!.Value, 9);
        Assert.NotNull(narrow.PValue);
        Assert.Equal(narrow.PValue < 0.05, narrow.Significant);
    }

    [Fact]
    public async Task A_customer_without_personalization_consent_is_not_enrolled()
    {
        var defined = await gateway.Admin.SendJsonAsync(HttpMethod.Put, "/v1/experiments/layout-test", new
        {
            variants = new object[] { new { key = "grid", weight = 1 }, new { key = "list", weight = 1, parameters = new { layout = "list" } } },
            surface = "experience",
        });
        Assert.True(defined.IsSuccessStatusCode, await defined.Content.ReadAsStringAsync());
        var customerId = await gateway.CustomerInterestedInAsync("books", personalization: false);

        var experience = await (await gateway.Site.SendJsonAsync(HttpMethod.Post, $"/v1/customers/{customerId}/experience", new { })).ReadAsync<ExperienceResponse>();
        var results = await (await gateway.Admin.GetAsync("/v1/experiments/layout-test/results")).ReadAsync<ExperimentResults>();

        Assert.Empty(experience.Experiments);
        Assert.False(experience.Personalized);
        Assert.Equal("no_personalization_consent", experience.FallbackReason);
        Assert.All(results.Variants, v => Assert.Equal(0, v.Exposures));
    }

    private async Task<DecisionFeedbackResult> FeedbackAsync(string decisionId, object body) =>
        await (await gateway.Site.SendJsonAsync(HttpMethod.Post, $"/v1/decisions/{decisionId}/feedback", body)).ReadAsync<DecisionFeedbackResult>();
}
