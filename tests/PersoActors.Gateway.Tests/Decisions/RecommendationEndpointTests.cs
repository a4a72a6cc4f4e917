using Microsoft.Extensions.DependencyInjection;
using PersoActors.Gateway.Tests.Infrastructure;
using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Gateway.Tests.Decisions;

public sealed class RecommendationEndpointTests(DecisionGateway gateway) : IClassFixture<DecisionGateway>
{
    private static readonly string[] ReasonCodes =
    [
        "favourite_category", "favourite_brand", "similar_to_current", "because_in_cart", "because_you_viewed",
        "because_you_bought", "matches_interest", "popular_in_category", "trending",
    ];

    [Fact]
    public async Task Tracked_interests_give_personalized_recommendations_with_reasons_and_a_decision_id()
    {
        var customerId = await gateway.CustomerInterestedInAsync("coffee");

        var response = await gateway.RecommendAsync(customerId);

        Assert.True(response.Personalized);
        Assert.Null(response.FallbackReason);
        Assert.StartsWith("d1_", response.DecisionId);
        Assert.True(response.CatalogVersion >= gateway.Loaded.Version);
        Assert.Equal(10, response.Items.Count);
        Assert.Equal("coffee", Assert.Single(response.Items[0].Categories));
        Assert.All(response.Items, item => Assert.Contains(item.Reason.Code, ReasonCodes));
        Assert.All(response.Items, item => Assert.False(string.IsNullOrWhiteSpace(item.Reason.Text)));
        // Diversified: no more than 3 per primary category (the default), so the interest fills exactly its share.
        Assert.Equal(3, response.Items.Count(i => i.Categories[0] == "coffee"));
        Assert.All(response.Items.GroupBy(i => i.Categories[0]), g => Assert.True(g.Count() <= 3, g.Key));
        Assert.All(response.Items, item => Assert.True(SyntheticCatalog.IsRecommendable(SyntheticCatalog.NumberOf(item.ItemId)), item.ItemId));
    }

    [Fact]
    public async Task Without_personalization_consent_the_default_list_says_why()
    {
        var noConsent = await gateway.CustomerInterestedInAsync("tea", personalization: false);
        var newcomer = GatewayFactory.NewCustomerId("new");
        await gateway.Site.GrantAsync(newcomer, "analytics", "personalization");

        var withoutConsent = await gateway.RecommendAsync(noConsent);
        var withoutData = await gateway.RecommendAsync(newcomer);

        Assert.False(withoutConsent.Personalized);
        Assert.Equal("no_personalization_consent", withoutConsent.FallbackReason);
        Assert.StartsWith("d1_", withoutConsent.DecisionId);
        Assert.NotEmpty(withoutConsent.Items);
        Assert.DoesNotContain(withoutConsent.Items, i => i.Reason.Code is "because_you_viewed" or "matches_interest");
        Assert.False(withoutData.Personalized);
        Assert.Equal("insufficient_data", withoutData.FallbackReason);
        Assert.NotEmpty(withoutData.Items);
    }

    [Fact]
    public async Task Exclusions_content_filters_availability_and_purchases_are_honoured_end_to_end()
    {
        var customerId = await gateway.CustomerInterestedInAsync("shoes");
        await gateway.Site.TrackAsync(customerId, new { type = "purchase", itemId = "books-02", categories = new[] { "books" }, value = 7, orderId = "o-1" });
        var preferences = await gateway.Site.SendJsonAsync(HttpMethod.Put, $"/v1/customers/{customerId}/preferences", new
        {
            excludedCategories = new[] { "shoes", "toys" },
            excludedBrands = new[] { "globex" },
            contentFilters = new[] { "vegan" },
        });
        Assert.True(preferences.IsSuccessStatusCode, await preferences.Content.ReadAsStringAsync());

        var response = await gateway.RecommendAsync(customerId, new { count = 100 });
        var productPage = await gateway.RecommendAsync(customerId, new { slot = "product_page", currentItemId = "shoes-04", count = 100 });

        foreach (var list in new[] { response, productPage })
        {
            Assert.NotEmpty(list.Items);
            Assert.All(list.Items, item =>
            {
                Assert.DoesNotContain(SyntheticCatalog.CategoryOf(item.ItemId), new[] { "shoes", "toys" });
                Assert.NotEqual("globex", item.Brand);
                Assert.Equal(0, SyntheticCatalog.NumberOf(item.ItemId) % 2); // vegan = even numbers
                Assert.True(SyntheticCatalog.IsRecommendable(SyntheticCatalog.NumberOf(item.ItemId)), item.ItemId);
                Assert.NotEqual("books-02", item.ItemId);
            });
        }
    }

    [Fact]
    public async Task Items_viewed_together_are_recommended_on_each_others_product_page()
    {
        // A crowd that always looks at garden-01 and then garden-08.
        for (var i = 0; i < 8; i++)
        {
            var shopper = GatewayFactory.NewCustomerId("crowd");
            await gateway.Site.GrantAsync(shopper, "analytics");
            await gateway.Site.TrackAsync(shopper,
                new { type = "view", itemId = "garden-01", categories = new[] { "garden" } },
                new { type = "view", itemId = "garden-08", categories = new[] { "garden" } });
        }

        await gateway.FlushSignalsAsync();
        var status = await gateway.GetJsonAsync(gateway.Admin, "/v1/catalog");
        var customerId = await gateway.CustomerInterestedInAsync("garden");

        var response = await gateway.RecommendAsync(customerId, new { slot = "product_page", currentItemId = "garden-01", count = 5 });

        Assert.True(status.GetProperty("signalsVersion").GetInt64() > 0);
        var neighbour = response.Items[0];
        Assert.Equal("garden-08", neighbour.ItemId);
        Assert.Equal("similar_to_current", neighbour.Reason.Code);
        Assert.Equal("garden-01", neighbour.Reason.RelatedItemId);
        Assert.DoesNotContain(response.Items, i => i.ItemId == "garden-01");
    }

    [Fact]
    public async Task A_catalog_update_is_served_by_the_running_gateway_without_restart()
    {
        var customerId = GatewayFactory.NewCustomerId("fav");
        await gateway.Site.SendJsonAsync(HttpMethod.Put, $"/v1/customers/{customerId}/preferences", new { favouriteCategories = new[] { "candles" } });
        Assert.DoesNotContain((await gateway.RecommendAsync(customerId)).Items, i => i.ItemId == "candle-1");

        var added = await (await gateway.Admin.SendJsonAsync(HttpMethod.Put, "/v1/catalog/items",
            new { items = new[] { new { id = "candle-1", title = "Vanilla candle", categories = new[] { "candles" }, price = 12 } } })).ReadAsync<CatalogUploadResult>();
        var afterAdd = await gateway.RecommendAsync(customerId);

        Assert.Equal(afterAdd.CatalogVersion, added.Version);
        var candle = Assert.Single(afterAdd.Items, i => i.ItemId == "candle-1");
        Assert.Equal("favourite_category", candle.Reason.Code);

        // Withdrawn from sale: gone from the next answer.
        await (await gateway.Admin.SendJsonAsync(HttpMethod.Put, "/v1/catalog/items",
            new { items = new[] { new { id = "candle-1", title = "Vanilla candle", categories = new[] { "candles" }, price = 12, available = false } } })).ReadAsync<CatalogUploadResult>();
        Assert.DoesNotContain((await gateway.RecommendAsync(customerId)).Items, i => i.ItemId == "candle-1");
    }

    [Fact]
    public async Task An_upload_by_another_silo_reaches_this_gateway_by_its_refresh()
    {
        var holder = gateway.Factory.Services.GetRequiredService<DecisionSnapshotHolder>();
        var refreshed = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);

        // Written straight to the catalog grain, as an upload through another silo would be: only the periodic refresh brings it here.
        var catalog = gateway.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<ICatalogGrain>("default");
        var result = await catalog.UpsertItemsAsync([new CatalogItem("lamp-1", "Desk lamp", ["lamps"], Price: 30)]);
        holder.Refreshed += snapshot =>
        {
            if (snapshot.Catalog.Version >= result.Version)
            {
                refreshed.TrySetResult(snapshot.Catalog.Version);
            }
        };
        if (holder.Current.Catalog.Version >= result.Version)
        {
            refreshed.TrySetResult(holder.Current.Catalog.Version);
        }

        await refreshed.Task.WaitAsync(TimeSpan.FromSeconds(15));
        var status = await gateway.GetJsonAsync(gateway.Admin, "/v1/catalog");

        Assert.True(status.GetProperty("version").GetInt64() >= result.Version);
    }

    [Fact]
    public async Task The_profile_shows_the_segments_the_customer_is_in_now()
    {
        var segment = await gateway.Admin.SendJsonAsync(HttpMethod.Put, "/v1/segments/coffee_lovers", new
        {
            name = "Coffee lovers",
            condition = new { fact = "affinity.category.coffee", op = "gte", value = 0.5 },
        });
        Assert.True(segment.IsSuccessStatusCode, await segment.Content.ReadAsStringAsync());
        var lover = await gateway.CustomerInterestedInAsync("coffee");
        var other = await gateway.CustomerInterestedInAsync("tea");

        var loverSegments = (await gateway.GetJsonAsync(gateway.Site, $"/v1/customers/{lover}")).GetProperty("segments").EnumerateArray().Select(s => s.GetString()).ToList();
        var otherSegments = (await gateway.GetJsonAsync(gateway.Site, $"/v1/customers/{other}")).GetProperty("segments").EnumerateArray().Select(s => s.GetString()).ToList();

        Assert.Contains("coffee_lovers", loverSegments);
        Assert.Contains("new_visitor", loverSegments);
        Assert.Contains("fan:coffee", loverSegments);
        Assert.DoesNotContain("coffee_lovers", otherSegments);
        Assert.Contains("fan:tea", otherSegments);
    }
}
