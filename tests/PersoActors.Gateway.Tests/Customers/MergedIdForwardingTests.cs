using PersoActors.Gateway.Customers;
using PersoActors.Gateway.Tests.Infrastructure;
using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Gateway.Tests.Customers;

/// <summary><c>Customers:MergedIdForwarding</c>: after a merge, events still sent to the anonymous id (a tab left open,
/// a beacon sent before the login) go to the known profile for a while, instead of being dropped; the known profile's
/// erasure ends it, leaving nothing of the anonymous id in the store.</summary>
public sealed class MergedIdForwardingTests : IAsyncLifetime
{
    private readonly GatewayFactory gateway = new GatewayFactory().WithSetting("Customers:MergedIdForwarding", "1.00:00:00");
    private readonly string known = GatewayFactory.NewCustomerId("known");
    private readonly string anonymous = GatewayFactory.NewCustomerId("anon");
    private HttpClient site = null!;
    private HttpClient admin = null!;

    public async Task InitializeAsync()
    {
        site = gateway.Site();
        admin = gateway.Admin();
        await site.GrantAsync(known, "analytics");
        await site.GrantAsync(anonymous, "analytics");
        await site.TrackAsync(anonymous, new { type = "view", itemId = "seen-before-login" });
        await (await admin.SendJsonAsync(HttpMethod.Post, $"/v1/customers/{known}/merge", new { anonymousId = anonymous })).ReadAsync<MergeResult>();
    }

    public async Task DisposeAsync() => await gateway.DisposeAsync();

    [Fact]
    public async Task Events_sent_to_the_merged_anonymous_id_are_stored_with_the_known_profile()
    {
        var single = await site.TrackAsync(anonymous, new { type = "view", itemId = "late-tab" }, new { type = "view", itemId = "late-beacon" });
        var batch = await (await site.SendJsonAsync(HttpMethod.Post, "/v1/events",
            new { events = new[] { new { customerId = anonymous, type = "add_to_cart", itemId = "late-cart" } } })).ReadAsync<BatchTrackResult>();

        Assert.Equal((2, 0), (single.Accepted, single.Dropped));
        Assert.Equal((anonymous, 1), (Assert.Single(batch.Customers).CustomerId, batch.Accepted));
        var profile = await (await site.GetAsync($"/v1/customers/{known}")).ReadAsync<CustomerProfileView>();
        Assert.Equal(["seen-before-login", "late-tab", "late-beacon", "late-cart"], profile.RecentEvents.Select(e => e.ItemId));
        Assert.Equal(0, (await (await site.GetAsync($"/v1/customers/{anonymous}")).ReadAsync<CustomerProfileView>()).EventCount);
        var export = await (await admin.GetAsync($"/v1/customers/{anonymous}/export")).ReadAsync<CustomerSnapshot>();
        Assert.Equal(known, export.ForwardsTo?.CustomerId);
    }

    [Fact]
    public async Task An_anonymous_id_that_is_given_analytics_consent_again_keeps_its_own_events()
    {
        await site.GrantAsync(anonymous, "analytics");

        var result = await site.TrackAsync(anonymous, new { type = "view", itemId = "new-life" });

        Assert.Equal(1, result.Accepted);
        Assert.Equal(1, (await (await site.GetAsync($"/v1/customers/{anonymous}")).ReadAsync<CustomerProfileView>()).EventCount);
        Assert.Equal(1, (await (await site.GetAsync($"/v1/customers/{known}")).ReadAsync<CustomerProfileView>()).EventCount);
    }

    [Fact]
    public async Task An_anonymous_id_whose_consents_are_set_again_stops_forwarding_even_when_it_withdraws_analytics()
    {
        await site.SendJsonAsync(HttpMethod.Patch, $"/v1/customers/{anonymous}/consents", new { consents = new { analytics = "denied" } });

        var result = await site.TrackAsync(anonymous, new { type = "view", itemId = "after-withdrawal" });

        Assert.Equal((0, 1), (result.Accepted, result.Dropped));
        Assert.Equal(1, (await (await site.GetAsync($"/v1/customers/{known}")).ReadAsync<CustomerProfileView>()).EventCount);
    }

    [Fact]
    public async Task Erasing_the_known_profile_ends_the_forwarding_and_leaves_no_row_of_the_anonymous_id()
    {
        Assert.Single(StoreFiles.CustomerRows(gateway.DatabasePath, anonymous));

        (await admin.DeleteAsync($"/v1/customers/{known}")).EnsureSuccessStatusCode();
        var after = await site.TrackAsync(anonymous, new { type = "view", itemId = "after-erasure" });

        Assert.Equal((0, 1), (after.Accepted, after.Dropped));
        Assert.Equal(0, (await (await site.GetAsync($"/v1/customers/{known}")).ReadAsync<CustomerProfileView>()).EventCount);
        var rows = StoreFiles.CustomerRows(gateway.DatabasePath, anonymous);
        Assert.True(rows.Count == 0, string.Join("\n", rows));
        Assert.Empty(StoreFiles.CustomerRows(gateway.DatabasePath, known));
    }
}
