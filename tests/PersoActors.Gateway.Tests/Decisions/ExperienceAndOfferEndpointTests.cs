using PersoActors.Gateway.Tests.Infrastructure;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Gateway.Tests.Decisions;

public sealed class ExperienceAndOfferEndpointTests(DecisionGateway gateway) : IClassFixture<DecisionGateway>
{
    [Fact]
    public async Task The_experience_applies_the_customers_choices_and_personalized_blocks()
    {
        var customerId = await gateway.CustomerInterestedInAsync("tea");
        var preferences = await gateway.Site.SendJsonAsync(HttpMethod.Put, $"/v1/customers/{customerId}/preferences", new
        {
            favouriteCategories = new[] { "books" },
            excludedCategories = new[] { "toys" },
            language = "pl-PL",
            currency = "PLN",
            layout = "list",
            contentFilters = new[] { "vegan" },
        });
        Assert.True(preferences.IsSuccessStatusCode, await preferences.Content.ReadAsStringAsync());

        var experience = await (await gateway.Site.SendJsonAsync(HttpMethod.Post, $"/v1/customers/{customerId}/experience",
            new { page = "home", context = new { device = "mobile", language = "en-GB" } })).ReadAsync<ExperienceResponse>();

        Assert.StartsWith("d1_", experience.DecisionId);
        Assert.True(experience.Personalized);
        Assert.Equal("pl-PL", experience.Customization.Language); // the customer's choice wins over the request's
        Assert.Equal("PLN", experience.Customization.Currency);
        Assert.Equal("list", experience.Customization.Layout);
        Assert.Equal(["vegan"], experience.Customization.ContentFilters);
        Assert.Contains(experience.Blocks, b => b.Type == "recommendations" && b.Items is { Count: > 0 });
        Assert.Contains(experience.Blocks, b => b.Category == "books" && b.Reason == "favourite_category");
        Assert.Contains(experience.Blocks, b => b.Category == "tea" && b.Reason == "affinity");
        var shown = experience.Blocks.SelectMany(b => b.Items ?? []).ToList();
        Assert.NotEmpty(shown);
        Assert.All(shown, item =>
        {
            Assert.NotEqual("toys", SyntheticCatalog.CategoryOf(item.ItemId));
            Assert.Equal(0, SyntheticCatalog.NumberOf(item.ItemId) % 2);
        });
    }

    [Fact]
    public async Task An_offer_needs_marketing_consent_and_an_accepted_channel_and_respects_its_daily_cap()
    {
        var offer = await gateway.Admin.SendJsonAsync(HttpMethod.Put, "/v1/offers/welcome10", new
        {
            title = "10% off your first order",
            channels = new[] { "web", "email" },
            segments = new[] { "new_visitor" },
            priority = 10,
            dailyCap = 1,
            payload = new { code = "WELCOME10" },
        });
        Assert.True(offer.IsSuccessStatusCode, await offer.Content.ReadAsStringAsync());
        var customerId = await gateway.CustomerInterestedInAsync("hats");

        var withoutConsent = await OffersAsync(customerId);
        await gateway.Site.GrantAsync(customerId, "marketing");
        var channelNotAccepted = await OffersAsync(customerId);
        await gateway.Site.SendJsonAsync(HttpMethod.Patch, $"/v1/customers/{customerId}/preferences", new { acceptedChannels = new[] { "web" } });
        var made = await OffersAsync(customerId);
        var capped = await OffersAsync(customerId);

        Assert.Empty(withoutConsent.Offers);
        Assert.Contains(new OfferSkip("welcome10", "no_marketing_consent"), withoutConsent.Skipped!);
        Assert.Contains(new OfferSkip("welcome10", "channel_not_accepted"), channelNotAccepted.Skipped!);
        var decision = Assert.Single(made.Offers);
        Assert.Equal("welcome10", decision.OfferId);
        Assert.Equal("web", decision.Channel);
        Assert.Equal("WELCOME10", decision.Payload!["code"]);
        Assert.Contains("new_visitor", made.Segments);
        Assert.Empty(capped.Offers);
        Assert.Contains(new OfferSkip("welcome10", "frequency_cap"), capped.Skipped!);

        // The cap counter is in the store with the profile, so it survives the grain's deactivation.
        var row = Assert.Single(StoreFiles.CustomerRows(gateway.Factory.DatabasePath, customerId));
        Assert.Contains("welcome10", row);
    }

    private async Task<OffersResponse> OffersAsync(string customerId) =>
        await (await gateway.Site.SendJsonAsync(HttpMethod.Post, $"/v1/customers/{customerId}/offers", new { explain = true, context = new { channel = "web" } }))
            .ReadAsync<OffersResponse>();
}
