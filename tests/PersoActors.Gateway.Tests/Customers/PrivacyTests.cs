using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PersoActors.Gateway.Tests.Infrastructure;
using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Gateway.Tests.Customers;

/// <summary>Export, erasure, merge and consent purges, checked in the store's files themselves. Each
/// test has its own gateway and SQLite file.</summary>
public sealed class PrivacyTests : IAsyncLifetime
{
    private readonly GatewayFactory gateway = new();
    private HttpClient site = null!;
    private HttpClient admin = null!;

    public Task InitializeAsync()
    {
        site = gateway.Site();
        admin = gateway.Admin();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await gateway.DisposeAsync();

    [Fact]
    public async Task Export_returns_every_stored_field()
    {
        var id = GatewayFactory.NewCustomerId();
        await site.GrantAsync(id, "analytics", "personalization");
        await site.SendJsonAsync(HttpMethod.Put, $"/v1/customers/{id}/preferences", new { language = "pl", custom = new { size = "42" } });
        await site.SendJsonAsync(HttpMethod.Put, $"/v1/customers/{id}/context", new { device = "mobile", sessionId = "s-1" });
        await site.TrackAsync(id,
            new { type = "view", itemId = "sku-1", categories = new[] { "shoes" }, brand = "acme" },
            new { type = "add_to_cart", itemId = "sku-1", value = 10m },
            new { type = "purchase", itemId = "sku-2", value = 25m, orderId = "o-9" });

        var export = await (await admin.GetAsync($"/v1/customers/{id}/export")).ReadAsync<CustomerSnapshot>();

        Assert.Equal(id, export.CustomerId);
        Assert.Equal(2, export.Consents.Count);
        Assert.Equal("42", export.Preferences.Custom["size"]);
        Assert.Equal("mobile", export.Context!.Device);
        Assert.Equal("s-1", export.Session!.Id);
        Assert.Equal(3, export.Events.Count);
        Assert.Equal("o-9", export.Events[2].OrderId);
        Assert.Equal("shoes", Assert.Single(export.CategoryAffinities).Key);
        Assert.Equal("sku-1", Assert.Single(export.CartLines).ItemId);
        Assert.Equal(["sku-2"], export.Purchases.PurchasedItemIds);
        Assert.Equal(["o-9"], export.Purchases.RecentOrderIds);
        Assert.NotNull(export.FirstSeen);
    }

    [Fact]
    public async Task Erasure_leaves_no_trace_in_the_store_files()
    {
        var id = GatewayFactory.NewCustomerId();
        var marker = $"erase-marker-{Guid.NewGuid():N}";
        await site.GrantAsync(id, "analytics");
        await site.TrackAsync(id, new { type = "view", itemId = marker }, new { type = "search", query = marker });
        await site.SendJsonAsync(HttpMethod.Put, $"/v1/customers/{id}/preferences", new { custom = new Dictionary<string, string> { ["note"] = marker } });
        Assert.NotEmpty(StoreFiles.CustomerRows(gateway.DatabasePath, id));
        Assert.True(RawFiles.Contain(gateway.DatabasePath, marker));

        var response = await admin.DeleteAsync($"/v1/customers/{id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(StoreFiles.CustomerRows(gateway.DatabasePath, id));
        Assert.False(RawFiles.Contain(gateway.DatabasePath, marker), "the erased data is still in the .db or -wal bytes");
        var profile = await (await site.GetAsync($"/v1/customers/{id}")).ReadAsync<CustomerProfileView>();
        Assert.Empty(profile.RecentEvents);
        Assert.Empty(profile.Preferences.Custom);
        Assert.All(profile.Consents, c => Assert.Equal(ConsentStatus.Unknown, c.Status));
    }

    [Fact]
    public async Task Revoking_analytics_consent_purges_behaviour_from_the_store_files()
    {
        var id = GatewayFactory.NewCustomerId();
        var marker = $"revoke-marker-{Guid.NewGuid():N}";
        await site.GrantAsync(id, "analytics", "personalization");
        await site.TrackAsync(id,
            new { type = "view", itemId = marker, categories = new[] { marker } },
            new { type = "add_to_cart", itemId = marker, value = 5m },
            new { type = "purchase", itemId = marker, value = 5m });
        Assert.True(RawFiles.Contain(gateway.DatabasePath, marker));

        var response = await site.SendJsonAsync(HttpMethod.Patch, $"/v1/customers/{id}/consents", new { consents = new { analytics = "denied" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = Assert.Single(StoreFiles.CustomerRows(gateway.DatabasePath, id));
        Assert.DoesNotContain(marker, row);
        Assert.Contains("\"purged\":\"behaviour\"", row);
        Assert.False(RawFiles.Contain(gateway.DatabasePath, marker), "the purged behaviour is still in the .db or -wal bytes");
    }

    [Fact]
    public async Task Merging_folds_the_anonymous_profile_into_the_known_one_and_erases_it()
    {
        var known = GatewayFactory.NewCustomerId("known");
        var anonymous = GatewayFactory.NewCustomerId("anon");
        var marker = $"merge-marker-{Guid.NewGuid():N}";
        await site.GrantAsync(known, "analytics");
        await site.SendJsonAsync(HttpMethod.Put, $"/v1/customers/{known}/preferences", new { language = "pl" });
        await site.TrackAsync(known, new { type = "view", itemId = "known-item" });
        await site.GrantAsync(anonymous, "analytics", "marketing");
        await site.SendJsonAsync(HttpMethod.Put, $"/v1/customers/{anonymous}/preferences", new { language = "en", currency = "EUR" });
        await site.TrackAsync(anonymous, new { type = "add_to_cart", itemId = marker, value = 3m });

        var result = await (await admin.SendJsonAsync(HttpMethod.Post, $"/v1/customers/{known}/merge", new { anonymousId = anonymous })).ReadAsync<MergeResult>();
        var profile = await (await site.GetAsync($"/v1/customers/{known}")).ReadAsync<CustomerProfileView>();
        var leftover = await (await site.GetAsync($"/v1/customers/{anonymous}")).ReadAsync<CustomerProfileView>();
        var export = await (await admin.GetAsync($"/v1/customers/{known}/export")).ReadJsonAsync();

        Assert.Equal(1, result.EventsMerged);
        var merge = Assert.Single(export.GetProperty("merges").EnumerateArray());
        Assert.Equal((anonymous, 1), (merge.GetProperty("anonymousId").GetString(), merge.GetProperty("eventsMerged").GetInt32()));
        Assert.Equal([ConsentPurpose.Marketing], result.ConsentsAdopted);
        Assert.Equal(["currency"], result.PreferencesAdopted);
        Assert.Equal(["known-item", marker], profile.RecentEvents.Select(e => e.ItemId));
        Assert.Equal(marker, Assert.Single(profile.Cart.Lines).ItemId);
        Assert.Equal(("pl", "EUR"), (profile.Preferences.Language, profile.Preferences.Currency));
        Assert.Equal([anonymous], profile.Aliases);
        Assert.Empty(leftover.RecentEvents);
        Assert.Empty(StoreFiles.CustomerRows(gateway.DatabasePath, anonymous));
        Assert.Single(StoreFiles.CustomerRows(gateway.DatabasePath, known));
    }

    [Fact]
    public async Task A_change_to_a_profile_in_a_merge_is_answered_503_customer_merging_and_goes_through_afterwards()
    {
        var anonymous = GatewayFactory.NewCustomerId("anon");
        await site.GrantAsync(anonymous, "analytics");
        var grain = gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<ICustomerGrain>(anonymous);
        var handOver = await grain.HandOverAsync(GatewayFactory.NewCustomerId("known"));

        var during = await site.SendJsonAsync(HttpMethod.Post, $"/v1/customers/{anonymous}/events", new { events = new[] { new { type = "view", itemId = "sku-1" } } });
        var read = await site.GetAsync($"/v1/customers/{anonymous}");
        await grain.CancelHandOverAsync(handOver.Token);
        var after = await site.TrackAsync(anonymous, new { type = "view", itemId = "sku-1" });

        var problem = await during.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.Equal("urn:persoactors:problem:customer-merging", problem.GetProperty("type").GetString());
        Assert.Equal("merging", problem.GetProperty("reason").GetString());
        Assert.NotNull(during.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(1, after.Accepted);
    }
}
