using System.Net;
using System.Text.Json;
using PersoActors.Gateway.Tests.Infrastructure;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Gateway.Tests.Customers;

/// <summary>The decision memory (offer caps, experiment variants, recent decisions, feedback) in export, erasure,
/// consent purges and merge — checked in the SQLite files themselves. Each test has its own gateway and file.</summary>
public sealed class DecisionPrivacyTests : IAsyncLifetime
{
    private const string Experiment = "privacy-exp";
    private const string Offer = "privacy-offer";
    private readonly GatewayFactory gateway = new GatewayFactory().WithSetting("Decisions:SignalsFlushInterval", "01:00:00");
    private HttpClient site = null!;
    private HttpClient admin = null!;

    public async Task InitializeAsync()
    {
        site = gateway.Site();
        admin = gateway.Admin();
        var items = Enumerable.Range(0, 24).Select(n => new
        {
            id = $"item-{n:00}", title = $"Item {n}", categories = new[] { n % 2 == 0 ? "shoes" : "hats" }, brand = "acme", price = 10 + n,
        });
        await (await admin.SendJsonAsync(HttpMethod.Put, "/v1/catalog/items", new { items })).ReadJsonAsync();
        await (await admin.SendJsonAsync(HttpMethod.Put, $"/v1/experiments/{Experiment}", new
        {
            surface = "recommendations",
            variants = new object[] { new { key = "control", weight = 1 }, new { key = "other", weight = 1 } },
        })).ReadJsonAsync();
        await (await admin.SendJsonAsync(HttpMethod.Put, $"/v1/offers/{Offer}", new
        {
            title = "Privacy offer", channels = new[] { "web" }, dailyCap = 3, requiresMarketingConsent = false,
        })).ReadJsonAsync();
    }

    public async Task DisposeAsync() => await gateway.DisposeAsync();

    [Fact]
    public async Task Export_contains_the_decision_memory()
    {
        var id = GatewayFactory.NewCustomerId();
        var served = await ServeDecisionsWithFeedbackAndPurchaseAsync(id, orderId: "o-export");

        var export = await (await admin.GetAsync($"/v1/customers/{id}/export")).ReadJsonAsync();

        Assert.Equal(id, export.GetProperty("customerId").GetString()); // the profile fields are where they were
        Assert.Equal(3, export.GetProperty("events").GetArrayLength());
        var decisions = export.GetProperty("decisions");
        Assert.Equal(1, decisions.GetProperty("offerCaps").GetProperty("counters").GetProperty(Offer).GetProperty("count").GetInt32());
        Assert.Equal(served.Variant, decisions.GetProperty("experiments").GetProperty(Experiment).GetString());
        Assert.Equal([Experiment], Strings(decisions.GetProperty("convertedExperiments")));
        var recent = Assert.Single(decisions.GetProperty("recentDecisions").EnumerateArray());
        Assert.Equal(served.DecisionId, recent.GetProperty("decisionId").GetString());
        Assert.Contains(served.ClickedItem, Strings(recent.GetProperty("itemIds")));
        var feedback = Assert.Single(decisions.GetProperty("feedback").EnumerateArray());
        Assert.Equal(served.DecisionId, feedback.GetProperty("decisionId").GetString());
        Assert.Equal(1, feedback.GetProperty("impressions").GetInt32());
        Assert.Equal([served.ClickedItem], Strings(feedback.GetProperty("clickedItemIds")));
        Assert.True(feedback.GetProperty("converted").GetBoolean());
        Assert.Equal(served.PurchaseValue, feedback.GetProperty("conversionValue").GetDecimal());
    }

    [Fact]
    public async Task Erasure_leaves_no_trace_of_decisions_feedback_or_conversions_in_the_store_files()
    {
        var id = GatewayFactory.NewCustomerId("erase-me");
        var marker = $"erase-marker-{Guid.NewGuid():N}";
        var served = await ServeDecisionsWithFeedbackAndPurchaseAsync(id, orderId: marker);
        var before = await ResultsAsync();
        Assert.True(RawFiles.Contain(gateway.DatabasePath, id), "the customer id should be in the store before erasure");
        Assert.True(RawFiles.Contain(gateway.DatabasePath, marker), "the marker should be in the store before erasure");
        Assert.True(RawFiles.Contain(gateway.DatabasePath, served.DecisionId), "the decision id should be in the store before erasure");

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/v1/customers/{id}")).StatusCode);
        // A page still open after the erasure keeps sending feedback: it must not bring anything back.
        var late = await (await site.SendJsonAsync(HttpMethod.Post, $"/v1/decisions/{served.DecisionId}/feedback",
            new { type = "click", itemId = served.ClickedItem })).ReadAsync<DecisionFeedbackResult>();

        Assert.Equal(id, late.CustomerId);
        foreach (var needle in new[] { id, marker, served.DecisionId, served.DecisionId[..40] })
        {
            Assert.False(RawFiles.Contain(gateway.DatabasePath, needle), $"'{needle}' is still in the .db or -wal bytes");
        }

        Assert.Empty(StoreFiles.CustomerRows(gateway.DatabasePath, id));
        var export = await (await admin.GetAsync($"/v1/customers/{id}/export")).ReadJsonAsync();
        Assert.Equal(0, export.GetProperty("decisions").GetProperty("recentDecisions").GetArrayLength());
        Assert.False(export.GetProperty("decisions").TryGetProperty("experiments", out _));
        // The experiment keeps its aggregates (counts only, nothing that identifies the customer).
        Assert.Equal(before, await ResultsAsync());
        Assert.Equal((1L, 1L), before);
    }

    [Fact]
    public async Task Revoking_analytics_consent_purges_the_behavioural_decision_memory_from_the_store_files()
    {
        var id = GatewayFactory.NewCustomerId();
        var marker = $"revoke-marker-{Guid.NewGuid():N}";
        var served = await ServeDecisionsWithFeedbackAndPurchaseAsync(id, orderId: marker);
        Assert.True(RawFiles.Contain(gateway.DatabasePath, served.DecisionId));

        var response = await site.SendJsonAsync(HttpMethod.Patch, $"/v1/customers/{id}/consents", new { consents = new { analytics = "revoked" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var decisions = (await (await admin.GetAsync($"/v1/customers/{id}/export")).ReadJsonAsync()).GetProperty("decisions");
        Assert.Equal(0, decisions.GetProperty("recentDecisions").GetArrayLength());
        Assert.Equal(0, decisions.GetProperty("feedback").GetArrayLength());
        Assert.Equal(0, decisions.GetProperty("convertedExperiments").GetArrayLength());
        Assert.Equal(1, decisions.GetProperty("offerCaps").GetProperty("counters").GetProperty(Offer).GetProperty("count").GetInt32());
        Assert.Equal(served.Variant, decisions.GetProperty("experiments").GetProperty(Experiment).GetString());
        Assert.False(RawFiles.Contain(gateway.DatabasePath, marker), "the purged behaviour is still in the .db or -wal bytes");
        Assert.False(RawFiles.Contain(gateway.DatabasePath, served.DecisionId), "the purged decision memory is still in the .db or -wal bytes");

        // Without analytics consent, feedback is counted but not written.
        var impression = await (await site.SendJsonAsync(HttpMethod.Post, $"/v1/decisions/{served.DecisionId}/feedback", new { type = "click" }))
            .ReadAsync<DecisionFeedbackResult>();
        Assert.True(impression.Accepted);
        Assert.False(RawFiles.Contain(gateway.DatabasePath, served.DecisionId));
    }

    [Fact]
    public async Task Merging_folds_the_anonymous_decision_memory_into_the_known_profile()
    {
        var known = GatewayFactory.NewCustomerId("known");
        var anonymous = GatewayFactory.NewCustomerId("anon");
        await site.GrantAsync(known, "analytics", "personalization");
        var served = await ServeDecisionsWithFeedbackAndPurchaseAsync(anonymous, orderId: "o-anon");
        await OffersAsync(known);

        await (await admin.SendJsonAsync(HttpMethod.Post, $"/v1/customers/{known}/merge", new { anonymousId = anonymous })).ReadJsonAsync();
        var decisions = (await (await admin.GetAsync($"/v1/customers/{known}/export")).ReadJsonAsync()).GetProperty("decisions");

        Assert.Equal(2, decisions.GetProperty("offerCaps").GetProperty("counters").GetProperty(Offer).GetProperty("count").GetInt32()); // same day: added
        Assert.Equal(served.Variant, decisions.GetProperty("experiments").GetProperty(Experiment).GetString()); // the known one had none
        Assert.Equal(served.DecisionId, Assert.Single(decisions.GetProperty("recentDecisions").EnumerateArray()).GetProperty("decisionId").GetString());
        Assert.Equal(served.DecisionId, Assert.Single(decisions.GetProperty("feedback").EnumerateArray()).GetProperty("decisionId").GetString());
        Assert.Equal([Experiment], Strings(decisions.GetProperty("convertedExperiments")));
        Assert.Empty(StoreFiles.CustomerRows(gateway.DatabasePath, anonymous));

        // A later purchase of the same item is attributed to the anonymous decision, which converted already: no double count.
        await site.TrackAsync(known, new { type = "purchase", itemId = served.ClickedItem, value = 5m, orderId = "o-known" });
        Assert.Equal((1L, 1L), await ResultsAsync());
    }

    private async Task<Served> ServeDecisionsWithFeedbackAndPurchaseAsync(string id, string orderId)
    {
        await site.GrantAsync(id, "analytics", "personalization");
        await site.SendJsonAsync(HttpMethod.Patch, $"/v1/customers/{id}/preferences", new { acceptedChannels = new[] { "web" } });
        await site.TrackAsync(id,
            new { type = "view", itemId = "item-00", categories = new[] { "shoes" } },
            new { type = "view", itemId = "item-02", categories = new[] { "shoes" } });
        var recommendations = await (await site.SendJsonAsync(HttpMethod.Post, $"/v1/customers/{id}/recommendations", new { count = 5 }))
            .ReadAsync<RecommendationsResponse>();
        var variant = Assert.Single(recommendations.Experiments).Variant;
        await OffersAsync(id);
        var decision = recommendations.DecisionId;
        var clicked = recommendations.Items[0].ItemId;
        Assert.True((await FeedbackAsync(decision, new { type = "impression" })).Accepted);
        Assert.True((await FeedbackAsync(decision, new { type = "click", itemId = clicked })).Accepted);
        await site.TrackAsync(id, new { type = "purchase", itemId = clicked, value = 42.5m, orderId });
        var retried = await FeedbackAsync(decision, new { type = "conversion", value = 42.5m });
        Assert.True(retried.Duplicate, "the purchase should have converted the decision already");
        return new Served(decision, variant, clicked, 42.5m);
    }

    private async Task OffersAsync(string id)
    {
        var offers = await (await site.SendJsonAsync(HttpMethod.Post, $"/v1/customers/{id}/offers", new { context = new { channel = "web" } }))
            .ReadAsync<OffersResponse>();
        Assert.Equal(Offer, Assert.Single(offers.Offers).OfferId);
    }

    private async Task<DecisionFeedbackResult> FeedbackAsync(string decisionId, object body) =>
        await (await site.SendJsonAsync(HttpMethod.Post, $"/v1/decisions/{decisionId}/feedback", body)).ReadAsync<DecisionFeedbackResult>();

    private async Task<(long Exposures, long Conversions)> ResultsAsync()
    {
        var results = await (await admin.GetAsync($"/v1/experiments/{Experiment}/results")).ReadAsync<ExperimentResults>();
        return (results.Variants.Sum(v => v.Exposures), results.Variants.Sum(v => v.Conversions));
    }

    private static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    private sealed record Served(string DecisionId, string Variant, string ClickedItem, decimal PurchaseValue);
}
