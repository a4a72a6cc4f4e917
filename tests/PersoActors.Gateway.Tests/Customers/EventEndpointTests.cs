using PersoActors.Gateway.Customers;
using PersoActors.Gateway.Tests.Infrastructure;
using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Gateway.Tests.Customers;

public sealed class EventEndpointTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private readonly HttpClient site = gateway.Site();

    [Fact]
    public async Task Tracked_events_build_the_profile()
    {
        var id = GatewayFactory.NewCustomerId();
        await site.GrantAsync(id, "analytics", "personalization");

        var result = await site.TrackAsync(id,
            new { type = "view", itemId = "sku-1", categories = new[] { "shoes" }, brand = "acme" },
            new { type = "add_to_cart", itemId = "sku-1", value = 59.99m, quantity = 2 },
            new { type = "search", query = "red shoes" },
            new { type = "purchase", itemId = "sku-7", value = 120m, orderId = "o-1" });
        var profile = await (await site.GetAsync($"/v1/customers/{id}")).ReadAsync<CustomerProfileView>();

        Assert.Equal(new TrackEventsResult(4, 0, null), result);
        Assert.Equal(["sku-1", "sku-1", null, "sku-7"], profile.RecentEvents.Select(e => e.ItemId));
        Assert.Equal("red shoes", profile.RecentEvents[2].Query);
        Assert.Equal("shoes", profile.CategoryAffinities[0].Key);
        Assert.Equal("acme", Assert.Single(profile.BrandAffinities).Key);
        Assert.Equal(119.98m, profile.Cart.Value);
        Assert.Equal((1, 120m), (profile.Purchases.OrderCount, profile.Purchases.TotalSpend));
        Assert.NotNull(profile.FirstSeen);
    }

    [Fact]
    public async Task Without_analytics_consent_events_are_dropped_and_the_answer_says_why()
    {
        var id = GatewayFactory.NewCustomerId();

        var result = await site.TrackAsync(id, new { type = "view", itemId = "sku-1" }, new { type = "click", itemId = "sku-1" });
        var profile = await (await site.GetAsync($"/v1/customers/{id}")).ReadAsync<CustomerProfileView>();

        Assert.Equal(new TrackEventsResult(0, 2, "analytics_consent_not_granted"), result);
        Assert.Empty(profile.RecentEvents);
    }

    [Fact]
    public async Task A_cross_customer_batch_reaches_each_customer()
    {
        var (a, b, c) = (GatewayFactory.NewCustomerId(), GatewayFactory.NewCustomerId(), GatewayFactory.NewCustomerId());
        await site.GrantAsync(a, "analytics");
        await site.GrantAsync(b, "analytics");

        var response = await site.SendJsonAsync(HttpMethod.Post, "/v1/events", new
        {
            events = new object[]
            {
                new { customerId = a, type = "view", itemId = "x" },
                new { customerId = b, type = "view", itemId = "y" },
                new { customerId = a, type = "click", itemId = "x" },
                new { customerId = c, type = "view", itemId = "z" },
            },
        });
        var result = await response.ReadAsync<BatchTrackResult>();

        Assert.Equal((3, 1), (result.Accepted, result.Dropped));
        Assert.Equal("analytics_consent_not_granted", result.Customers.Single(r => r.CustomerId == c).DropReason);
        var profileA = await (await site.GetAsync($"/v1/customers/{a}")).ReadAsync<CustomerProfileView>();
        Assert.Equal([EventType.View, EventType.Click], profileA.RecentEvents.Select(e => e.Type));
    }

    [Fact]
    public async Task A_batch_with_one_bad_event_is_rejected_whole()
    {
        var id = GatewayFactory.NewCustomerId();
        await site.GrantAsync(id, "analytics");

        var response = await site.SendJsonAsync(HttpMethod.Post, $"/v1/customers/{id}/events", new
        {
            events = new object[] { new { type = "view", itemId = "ok" }, new { type = "teleport" } },
        });

        await response.AssertProblemAsync(400, "events[1].type");
        var profile = await (await site.GetAsync($"/v1/customers/{id}")).ReadAsync<CustomerProfileView>();
        Assert.Empty(profile.RecentEvents);
    }

    [Fact]
    public async Task A_cross_customer_batch_with_one_bad_event_reaches_no_customer()
    {
        var (a, b) = (GatewayFactory.NewCustomerId(), GatewayFactory.NewCustomerId());
        await site.GrantAsync(a, "analytics");

        var response = await site.SendJsonAsync(HttpMethod.Post, "/v1/events", new
        {
            events = new object[] { new { customerId = a, type = "view" }, new { customerId = "bad id!", type = "view" } },
        });

        await response.AssertProblemAsync(400, "events[1].customerId");
        Assert.Empty((await (await site.GetAsync($"/v1/customers/{a}")).ReadAsync<CustomerProfileView>()).RecentEvents);
    }
}
