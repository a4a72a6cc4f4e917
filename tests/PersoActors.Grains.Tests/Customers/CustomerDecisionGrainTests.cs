using PersoActors.Grains.Decisions;
using PersoActors.Grains.Customers;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Grains.Interfaces.Decisions;
using PersoActors.Grains.Tests.Decisions;

namespace PersoActors.Grains.Tests.Customers;

/// <summary>The customer grain's decision wiring on a real SQLite silo.</summary>
public sealed class CustomerDecisionGrainTests
{
    private static ConsentChange Grant(params ConsentPurpose[] purposes) =>
        new([.. purposes.Select(p => new ConsentDecision(p, true))], "test", ReplaceAll: false);

    private static BehaviourEvent View(string item, string category) => new(EventType.View, DateTimeOffset.UtcNow, item, [category], "acme");

    [Fact]
    public async Task Offer_caps_and_experiment_variants_survive_a_silo_restart()
    {
        using var temp = new TempDirectory();
        var path = temp.File("state.db");
        OffersResponse first;
        string variant;
        await using (var silo = await TestSilo.StartAsync(path))
        {
            var config = silo.Grains.GetGrain<IDecisionConfigGrain>("default");
            await config.PutOfferAsync(new OfferDefinition("welcome", "Welcome", ["web"], DailyCap: 1, RequiresMarketingConsent: false));
            await config.PutExperimentAsync(new ExperimentDefinition("exp", [new ExperimentVariant("a", 1), new ExperimentVariant("b", 1)], Surface: "offers"));
            await silo.Snapshots.RefreshAsync();
            var customer = silo.Grains.GetGrain<ICustomerGrain>("c-1");
            await customer.ChangeConsentsAsync(Grant(ConsentPurpose.Personalization));

            first = await customer.GetOffersAsync(new OffersRequest());
            variant = Assert.Single(first.Experiments).Variant;
        }

        await using (var silo = await TestSilo.StartAsync(path))
        {
            await silo.Snapshots.RefreshAsync();
            var customer = silo.Grains.GetGrain<ICustomerGrain>("c-1");

            var second = await customer.GetOffersAsync(new OffersRequest(Explain: true));
            var results = await silo.Grains.GetGrain<IExperimentGrain>("exp").GetResultsAsync();

            Assert.Equal("welcome", Assert.Single(first.Offers).OfferId);
            Assert.Empty(second.Offers);
            Assert.Contains(new OfferSkip("welcome", "frequency_cap"), second.Skipped!);
            Assert.Equal(variant, Assert.Single(second.Experiments).Variant);
            Assert.Equal(1, results.Variants.Sum(v => v.Exposures)); // counted once, not again after the restart
        }
    }

    [Fact]
    public async Task A_purchase_carrying_another_customers_decision_converts_nothing()
    {
        using var temp = new TempDirectory();
        await using var silo = await TestSilo.StartAsync(temp.File("state.db"));
        await silo.Grains.GetGrain<ICatalogGrain>("default").UpsertItemsAsync(
            [.. Enumerable.Range(0, 10).Select(i => new CatalogItem($"i{i}", $"Item {i}", ["shoes"], "acme", Price: 10))]);
        await silo.Grains.GetGrain<IDecisionConfigGrain>("default").PutExperimentAsync(
            new ExperimentDefinition("exp", [new ExperimentVariant("a", 1), new ExperimentVariant("b", 1)], Surface: "recommendations"));
        await silo.Snapshots.RefreshAsync();
        var alice = silo.Grains.GetGrain<ICustomerGrain>("alice");
        var mallory = silo.Grains.GetGrain<ICustomerGrain>("mallory");
        await alice.ChangeConsentsAsync(Grant(ConsentPurpose.Analytics, ConsentPurpose.Personalization));
        await mallory.ChangeConsentsAsync(Grant(ConsentPurpose.Analytics, ConsentPurpose.Personalization));
        var decision = await alice.RecommendAsync(new RecommendationsRequest(Count: 3));
        var purchase = new BehaviourEvent(EventType.Purchase, DateTimeOffset.UtcNow, decision.Items[0].ItemId, Value: 10, OrderId: "o-1", DecisionId: decision.DecisionId);

        await mallory.TrackEventsAsync([purchase]);
        var afterMallory = await silo.Grains.GetGrain<IExperimentGrain>("exp").GetResultsAsync();
        await alice.TrackEventsAsync([purchase]);
        var afterAlice = await silo.Grains.GetGrain<IExperimentGrain>("exp").GetResultsAsync();

        Assert.Equal(0, afterMallory.Variants.Sum(v => v.Conversions));
        Assert.Equal(1, afterAlice.Variants.Sum(v => v.Conversions));
        Assert.True((await silo.Grains.GetGrain<IDecisionGrain>(decision.DecisionId).GetSummaryAsync()).Converted);
    }

    [Fact]
    public async Task Stored_item_events_feed_item_signals_and_dropped_ones_do_not()
    {
        using var temp = new TempDirectory();
        await using var silo = await TestSilo.StartAsync(temp.File("state.db"));
        var consenting = silo.Grains.GetGrain<ICustomerGrain>("c-1");
        await consenting.ChangeConsentsAsync(Grant(ConsentPurpose.Analytics));
        await consenting.TrackEventsAsync([View("a", "shoes"), View("b", "shoes")]);
        await silo.Grains.GetGrain<ICustomerGrain>("c-2").TrackEventsAsync([View("secret", "shoes")]); // no analytics consent

        await silo.Aggregator.FlushAsync();
        var shards = await Task.WhenAll(Enumerable.Range(0, ItemShards.Count)
            .Select(shard => silo.Grains.GetGrain<IItemSignalsGrain>(ItemShards.Key("default", shard)).GetSignalsAsync()));

        Assert.Equal(["a", "b"], shards.SelectMany(s => s.Items).Select(i => i.ItemId).Order());
        Assert.All(["a", "b"], item => Assert.Contains(shards[ItemShards.Of(item)].Items, i => i.ItemId == item));
        Assert.Equal(ItemShards.Count - (ItemShards.Of("a") == ItemShards.Of("b") ? 1 : 2), shards.Count(s => s.Version == 0));
        Assert.Contains(shards[ItemShards.Of("b")].Items.Single(i => i.ItemId == "b").Neighbours!, n => n.ItemId == "a");
    }

    [Fact]
    public void The_decision_profile_passes_inferred_data_only_with_personalization_consent()
    {
        var profile = new CustomerProfile(new CustomerProfileOptions());
        profile.ChangeConsents(Grant(ConsentPurpose.Analytics), DateTimeOffset.UtcNow);
        profile.Track([View("a", "shoes"), new BehaviourEvent(EventType.Purchase, DateTimeOffset.UtcNow, "p", ["hats"], Value: 5, OrderId: "o")]);

        var without = DecisionProfileBuilder.Build("c", profile, DateTimeOffset.UtcNow);
        profile.ChangeConsents(Grant(ConsentPurpose.Personalization), DateTimeOffset.UtcNow);
        profile.Track([View("b", "shoes")]);
        var with = DecisionProfileBuilder.Build("c", profile, DateTimeOffset.UtcNow);

        Assert.False(without.PersonalizationConsent);
        Assert.Null(without.RecentItems);
        Assert.Null(without.CategoryAffinities);
        Assert.Equal(["p"], without.PurchasedItemIds!); // still filtered out of every list
        Assert.Equal(1, without.Facts!.OrderCount);
        Assert.True(with.PersonalizationConsent);
        Assert.Null(without.ViewedItemHashes);
        Assert.Equal([ItemIdHash.Of("p")], without.PurchasedItemHashes!);
        Assert.Equal(["b", "p", "a"], with.RecentItems!.Select(r => r.ItemId)); // purchases seed recommendations too
        Assert.Equal(new[] { ItemIdHash.Of("a"), ItemIdHash.Of("b") }.Order(), with.ViewedItemHashes!);
        Assert.True(with.CategoryAffinities!["shoes"] > 0);
    }
}
