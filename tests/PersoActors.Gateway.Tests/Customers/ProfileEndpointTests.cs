using System.Net;
using PersoActors.Gateway.Customers;
using PersoActors.Gateway.Tests.Infrastructure;
using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Gateway.Tests.Customers;

public sealed class ProfileEndpointTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private readonly HttpClient site = gateway.Site();

    [Fact]
    public async Task An_unknown_customer_has_an_empty_profile_with_every_consent_unknown()
    {
        var id = GatewayFactory.NewCustomerId();

        var profile = await (await site.GetAsync($"/v1/customers/{id}")).ReadAsync<CustomerProfileView>();
        var consents = await (await site.GetAsync($"/v1/customers/{id}/consents")).ReadAsync<ConsentsResponse>();

        Assert.Equal(id, profile.CustomerId);
        Assert.Empty(profile.RecentEvents);
        Assert.Equal(["analytics", "personalization", "marketing", "third_party"], consents.Consents.Keys);
        Assert.All(consents.Consents.Values, c => Assert.Equal(ConsentStatus.Unknown, c.Status));
    }

    [Fact]
    public async Task Consents_can_be_replaced_and_patched()
    {
        var id = GatewayFactory.NewCustomerId();

        var put = await (await site.SendJsonAsync(HttpMethod.Put, $"/v1/customers/{id}/consents",
            new { consents = new { analytics = "granted", marketing = "granted" }, source = "cookie_banner" })).ReadAsync<ConsentsResponse>();
        var patched = await (await site.SendJsonAsync(HttpMethod.Patch, $"/v1/customers/{id}/consents",
            new { consents = new { marketing = "denied", third_party = "denied" }, source = "settings_page" })).ReadAsync<ConsentsResponse>();
        var read = await (await site.GetAsync($"/v1/customers/{id}/consents")).ReadAsync<ConsentsResponse>();

        Assert.Equal(ConsentStatus.Granted, put.Consents["marketing"].Status);
        Assert.Equal("cookie_banner", put.Consents["analytics"].Source);
        Assert.Equal(ConsentStatus.Granted, read.Consents["analytics"].Status);
        Assert.Equal(ConsentStatus.Revoked, read.Consents["marketing"].Status);
        Assert.Equal(ConsentStatus.Denied, read.Consents["third_party"].Status);
        Assert.Equal("settings_page", read.Consents["marketing"].Source);
        Assert.Equal(ConsentStatus.Unknown, read.Consents["personalization"].Status);
        Assert.Equal(patched.Consents.Keys, read.Consents.Keys);
    }

    [Fact]
    public async Task Revoking_analytics_through_the_api_purges_behaviour_and_records_it()
    {
        var id = GatewayFactory.NewCustomerId();
        await site.GrantAsync(id, "analytics", "personalization");
        await site.TrackAsync(id, new { type = "view", itemId = "sku-1", categories = new[] { "shoes" } }, new { type = "add_to_cart", itemId = "sku-1" });

        var change = await (await site.SendJsonAsync(HttpMethod.Patch, $"/v1/customers/{id}/consents",
            new { consents = new { analytics = "revoked" } })).ReadAsync<ConsentsResponse>();
        var profile = await (await site.GetAsync($"/v1/customers/{id}")).ReadAsync<CustomerProfileView>();

        Assert.Equal(2, change.Purges!.Single(p => p.Purpose == ConsentPurpose.Analytics).EventsPurged);
        Assert.Empty(profile.RecentEvents);
        Assert.Empty(profile.CategoryAffinities);
        Assert.Empty(profile.Cart.Lines);
        Assert.Equal("behaviour", Assert.Single(profile.Purges).Purged);
        Assert.Equal(ConsentStatus.Revoked, profile.Consents.Single(c => c.Purpose == ConsentPurpose.Analytics).Status);
    }

    [Fact]
    public async Task Preferences_can_be_replaced_and_merge_patched()
    {
        var id = GatewayFactory.NewCustomerId();

        await (await site.SendJsonAsync(HttpMethod.Put, $"/v1/customers/{id}/preferences", new
        {
            favouriteCategories = new[] { "running" },
            excludedBrands = new[] { "globex" },
            language = "pl-PL",
            currency = "PLN",
            acceptedChannels = new[] { "email", "push" },
            contentFilters = new[] { "vegan" },
            layout = "grid",
            custom = new Dictionary<string, string> { ["shoeSize"] = "42", ["newsletter"] = "weekly" },
        })).ReadAsync<Preferences>();
        var patched = await (await site.SendRawAsync(HttpMethod.Patch, $"/v1/customers/{id}/preferences",
            """{"currency":null,"contentFilters":["vegan","organic"],"custom":{"newsletter":null,"theme":"dark"}}""")).ReadAsync<Preferences>();
        var read = await (await site.GetAsync($"/v1/customers/{id}/preferences")).ReadAsync<Preferences>();

        Assert.Equal(["running"], read.FavouriteCategories);
        Assert.Equal(["globex"], read.ExcludedBrands);
        Assert.Equal("pl-PL", read.Language);
        Assert.Null(read.Currency);
        Assert.Equal(["vegan", "organic"], read.ContentFilters);
        Assert.Equal(["email", "push"], read.AcceptedChannels);
        Assert.Equal("grid", read.Layout);
        Assert.Equal(new Dictionary<string, string> { ["shoeSize"] = "42", ["theme"] = "dark" }, read.Custom);
        Assert.NotNull(read.UpdatedAt);
        Assert.Equal(patched.Custom, read.Custom);
    }

    [Fact]
    public async Task Putting_preferences_clears_fields_left_out()
    {
        var id = GatewayFactory.NewCustomerId();
        await site.SendJsonAsync(HttpMethod.Put, $"/v1/customers/{id}/preferences", new { language = "pl", contentFilters = new[] { "vegan" } });

        var replaced = await (await site.SendJsonAsync(HttpMethod.Put, $"/v1/customers/{id}/preferences", new { currency = "EUR" })).ReadAsync<Preferences>();

        Assert.Null(replaced.Language);
        Assert.Empty(replaced.ContentFilters);
        Assert.Equal("EUR", replaced.Currency);
    }

    [Fact]
    public async Task Context_is_stored_and_a_new_session_id_starts_a_session()
    {
        var id = GatewayFactory.NewCustomerId();
        await site.GrantAsync(id, "analytics");
        await (await site.SendJsonAsync(HttpMethod.Put, $"/v1/customers/{id}/context", new { sessionId = "s-1", device = "desktop" })).ReadAsync<ContextResult>();
        await site.TrackAsync(id, new { type = "view", itemId = "a" }, new { type = "view", itemId = "b" });

        var result = await (await site.SendJsonAsync(HttpMethod.Put, $"/v1/customers/{id}/context", new
        {
            device = "mobile",
            channel = "app",
            language = "pl-PL",
            country = "PL",
            region = "14",
            journeyStage = "consideration",
            campaign = "spring_sale",
            referrer = "https://example.com/blog",
            sessionId = "s-2",
        })).ReadAsync<ContextResult>();
        var profile = await (await site.GetAsync($"/v1/customers/{id}")).ReadAsync<CustomerProfileView>();

        Assert.Equal(("mobile", "PL", "consideration"), (result.Context.Device, result.Context.Country, result.Context.JourneyStage));
        Assert.Equal(("s-2", 0), (result.Session!.Id, result.Session.PageCount));
        Assert.Equal("https://example.com/blog", profile.Context!.Referrer);
        Assert.NotNull(profile.Context.UpdatedAt);
        Assert.Equal("s-2", profile.Session!.Id);
    }

    [Fact]
    public async Task Acknowledged_changes_survive_a_gateway_restart()
    {
        var id = GatewayFactory.NewCustomerId();
        var directory = Directory.CreateTempSubdirectory("persoactors-restart-");
        var path = Path.Combine(directory.FullName, "restart.db");
        try
        {
            await using (var first = GatewayFactory.On(path))
            {
                var client = first.Site();
                await client.GrantAsync(id, "analytics");
                await client.SendJsonAsync(HttpMethod.Patch, $"/v1/customers/{id}/preferences", new { language = "pl" });
                await client.TrackAsync(id, new { type = "view", itemId = "sku-1" });
            }

            await using var second = GatewayFactory.On(path);
            var profile = await (await second.Site().GetAsync($"/v1/customers/{id}")).ReadAsync<CustomerProfileView>();

            Assert.Equal(ConsentStatus.Granted, profile.Consents.Single(c => c.Purpose == ConsentPurpose.Analytics).Status);
            Assert.Equal("pl", profile.Preferences.Language);
            Assert.Equal("sku-1", Assert.Single(profile.RecentEvents).ItemId);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_site_key_cannot_export_erase_or_merge()
    {
        var id = GatewayFactory.NewCustomerId();

        Assert.Equal(HttpStatusCode.Forbidden, (await site.GetAsync($"/v1/customers/{id}/export")).StatusCode);
        await (await site.DeleteAsync($"/v1/customers/{id}")).AssertProblemAsync(403, "X-Api-Key");
        await (await site.SendJsonAsync(HttpMethod.Post, $"/v1/customers/{id}/merge", new { anonymousId = "anon-1" })).AssertProblemAsync(403, "X-Api-Key");
    }
}
