using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Tests.Decisions;

public sealed class ExperienceTests
{
    private static readonly SyntheticWorld World = new(categories: 8, itemsPerCategory: 50, seed: 9);
    private static readonly DecisionEngine Engine = new(new DecisionOptions(), TimeProvider.System);

    private static readonly DecisionSnapshot Snapshot = World.Snapshot with
    {
        Config = CompiledDecisionConfig.Compile(new DecisionConfig(2, DefaultSegments.All,
            [new OfferDefinition("welcome", "Welcome!", ["web"], Segments: ["new_visitor"])],
            [
                new ContentBlockDefinition("hero-sale", "hero", "Summer sale", Priority: 20),
                new ContentBlockDefinition("cat02-banner", "banner", "New in Cat02", Category: "Cat02", Priority: 10),
                new ContentBlockDefinition("cat05-banner", "banner", "New in Cat05", Category: "Cat05", Priority: 10),
                new ContentBlockDefinition("mobile-app", "banner", "Get the app", Condition: DefaultSegments.Leaf("context.device", "eq", "mobile"), Priority: 5),
            ],
            [])),
    };

    [Fact]
    public void Explicit_customization_is_applied_and_wins_over_inference()
    {
        var profile = World.SimulatedCustomer("e1", ["Cat05", "Cat02"], new Random(1)) with
        {
            MarketingConsent = true,
            AcceptedChannels = ["web"],
            Customization = new CustomerCustomization(FavouriteCategories: ["Cat03"], ExcludedCategories: ["Cat02"], ContentFilters: ["vegan"], Language: "pl", Layout: "list"),
        };

        var response = Engine.Experience(profile, new ExperienceRequest("home", Context: new DecisionContext(Device: "mobile", Language: "en"), MaxBlocks: 10),
            snapshot: Snapshot, now: SyntheticWorld.Now).Response;

        Assert.True(response.Personalized);
        Assert.Equal(("pl", "EUR", "list"), (response.Customization.Language, response.Customization.Currency, response.Customization.Layout));
        Assert.DoesNotContain(response.Blocks, b => b.Category == "Cat02");
        Assert.Equal("category:cat03", response.Blocks[0].Id);
        Assert.Contains(response.Blocks, b => b.Id == "mobile-app");
        Assert.Contains(response.Blocks, b => b.Id == "recommended_for_you");
        var shown = response.Blocks.SelectMany(b => b.Items ?? []).Select(i => World.Catalog.Find(i.ItemId)!.Item).ToList();
        Assert.NotEmpty(shown);
        Assert.All(shown, i => Assert.Contains("vegan", i.Attributes!));
        Assert.All(shown, i => Assert.DoesNotContain("Cat02", i.Categories));
        Assert.Equal("welcome", Assert.Single(response.Offers).OfferId);
    }

    [Fact]
    public void Affinity_raises_blocks_of_preferred_categories_when_personalized_only()
    {
        var profile = World.SimulatedCustomer("e2", ["Cat05"], new Random(2));

        var personalized = Engine.Experience(profile, new ExperienceRequest(MaxBlocks: 10), snapshot: Snapshot, now: SyntheticWorld.Now).Response;
        var anonymous = Engine.Experience(profile with { PersonalizationConsent = false }, new ExperienceRequest(MaxBlocks: 10), snapshot: Snapshot, now: SyntheticWorld.Now).Response;

        var ids = personalized.Blocks.Select(b => b.Id).ToList();
        Assert.True(ids.IndexOf("cat05-banner") < ids.IndexOf("cat02-banner"));
        Assert.Equal("affinity", personalized.Blocks.Single(b => b.Id == "cat05-banner").Reason);
        Assert.False(anonymous.Personalized);
        Assert.Equal("no_personalization_consent", anonymous.FallbackReason);
        Assert.Contains(anonymous.Blocks, b => b.Id == "trending");
        Assert.DoesNotContain(anonymous.Blocks, b => b.Reason == "affinity");
        Assert.DoesNotContain(anonymous.Blocks, b => b.Id == "mobile-app");
    }
}
