using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Tests.Decisions;

public sealed class SiloDecisionTests
{
    private static CatalogItem Item(string id, string category, decimal price = 10, bool available = true, params string[] attributes) =>
        new(id, $"Title {id}", [category], "Acme", Price: price, Available: available, Attributes: attributes);

    [Fact]
    public async Task A_catalog_update_reaches_a_running_silo_without_restart()
    {
        using var temp = new TempDirectory();
        await using var silo = await TestSilo.StartAsync(temp.File("state.db"));
        var catalog = silo.Grains.GetGrain<ICatalogGrain>("default");

        var first = await catalog.UpsertItemsAsync([Item("a", "Shoes"), Item("b", "Shoes"), Item("c", "Hats")]);
        var v1 = await silo.WhenSnapshotAsync(s => s.Catalog.Version == first.Version);
        var second = await catalog.UpsertItemsAsync([Item("b", "Shoes", price: 99, available: false), Item("d", "Hats", attributes: "vegan")]);
        var v2 = await silo.WhenSnapshotAsync(s => s.Catalog.Version == second.Version);

        Assert.Equal(3, v1.Catalog.Items.Length);
        Assert.Equal(new CatalogUploadResult(2, 2, 4), second);
        Assert.Equal(4, v2.Catalog.Items.Length);
        Assert.Equal(99, v2.Catalog.Find("b")!.Item.Price);
        Assert.False(v2.Catalog.Find("b")!.InStock);
        var response = silo.Engine.Recommend(new DecisionProfile("anon", false), new RecommendationsRequest(Count: 10)).Response;
        Assert.Equal(second.Version, response.CatalogVersion);
        Assert.Equal(["a", "c", "d"], response.Items.Select(i => i.ItemId).Order());
    }

    [Fact]
    public async Task An_invalid_upload_changes_nothing_and_names_the_fields()
    {
        using var temp = new TempDirectory();
        await using var silo = await TestSilo.StartAsync(temp.File("state.db"));
        var catalog = silo.Grains.GetGrain<ICatalogGrain>("default");
        await catalog.UpsertItemsAsync([Item("a", "Shoes")]);

        var ex = await Assert.ThrowsAsync<DecisionValidationException>(() => catalog.UpsertItemsAsync([Item("b", "Shoes"), Item("c", "Hats", price: -1)]));

        Assert.Equal("items[1].price", Assert.Single(ex.Errors).Field);
        Assert.Equal(1, await catalog.GetVersionAsync());
        Assert.Equal(["a"], (await catalog.GetContentsAsync()).Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Signal_shards_merged_at_different_times_are_combined_at_one_point_in_time()
    {
        using var temp = new TempDirectory();
        await using var silo = await TestSilo.StartAsync(temp.File("state.db"), o => o.PopularityHalfLife = TimeSpan.FromHours(1));
        var items = Enumerable.Range(0, 40).Select(i => $"item-{i}").ToArray();
        var older = items.First(i => ItemShards.Of(i) != ItemShards.Of(items[0]));
        var newer = items[0];
        var catalog = silo.Grains.GetGrain<ICatalogGrain>("default");
        await catalog.UpsertItemsAsync([Item(older, "cat"), Item(newer, "cat")]);
        var now = DateTimeOffset.UtcNow;

        await Shard(older).MergeAsync(new ItemSignalDelta(now.AddHours(-1), [new ItemSignalRecord(older, 100, 0)]));
        await Shard(newer).MergeAsync(new ItemSignalDelta(now, [new ItemSignalRecord(newer, 100, 0)]));
        var snapshot = await silo.Snapshots.RefreshAsync();

        // The older shard's scores are one half-life older, so they count half.
        Assert.Equal(2, snapshot.Signals.Version);
        Assert.Equal(100, snapshot.Signals.Popularity[snapshot.Catalog.IndexOf(newer)], 3);
        Assert.Equal(50, snapshot.Signals.Popularity[snapshot.Catalog.IndexOf(older)], 3);
        Assert.Equal(snapshot.Catalog.IndexOf(newer), snapshot.Signals.Trending[0]);

        IItemSignalsGrain Shard(string itemId) => silo.Grains.GetGrain<IItemSignalsGrain>(ItemShards.Key("default", ItemShards.Of(itemId)));
    }

    [Fact]
    public async Task The_catalog_and_item_signals_survive_a_silo_restart()
    {
        using var temp = new TempDirectory();
        var path = temp.File("state.db");
        var now = DateTimeOffset.UtcNow;
        await using (var silo = await TestSilo.StartAsync(path))
        {
            var catalog = silo.Grains.GetGrain<ICatalogGrain>("default");
            await catalog.UpsertItemsAsync(Enumerable.Range(0, 40).Select(i => Item($"item-{i}", $"cat-{i % 4}")).ToList());
            for (var customer = 0; customer < 30; customer++)
            {
                // Everybody who looks at item-1 also looks at item-6; item-7 is bought a lot.
                Assert.True(silo.Aggregator.TryRecord(new ItemInteraction("item-1", InteractionKind.View, now)));
                Assert.True(silo.Aggregator.TryRecord(new ItemInteraction("item-6", InteractionKind.View, now, ["item-1"])));
                Assert.True(silo.Aggregator.TryRecord(new ItemInteraction("item-7", InteractionKind.Purchase, now)));
            }

            await silo.Aggregator.FlushAsync();
            Assert.Equal(0, silo.Aggregator.Dropped);
        }

        await using var restarted = await TestSilo.StartAsync(path);
        var snapshot = await restarted.WhenSnapshotAsync(s => s.Catalog.Items.Length == 40 && s.Signals.Version > 0);
        var item1 = snapshot.Catalog.IndexOf("item-1");
        var item6 = snapshot.Catalog.IndexOf("item-6");
        var item7 = snapshot.Catalog.IndexOf("item-7");

        Assert.Equal(item7, snapshot.Signals.Trending[0]);
        Assert.Equal(item6, snapshot.Signals.NeighboursOf(item1)[0].Index);
        Assert.Equal(item1, snapshot.Signals.NeighboursOf(item6)[0].Index);
        Assert.InRange(snapshot.Signals.Popularity[item7], 149, 150.01);
        var profile = new DecisionProfile("viewer", true,
            CategoryAffinities: new Dictionary<string, double> { ["cat-1"] = 2, ["cat-2"] = 1 },
            RecentItems: [new RecentItem("item-1", InteractionKind.View, now), new RecentItem("item-5", InteractionKind.View, now)]);
        var response = restarted.Engine.Recommend(profile, new RecommendationsRequest()).Response;
        Assert.True(response.Personalized);
        Assert.Contains(response.Items, i => i.ItemId == "item-6" && i.Reason.Code == "because_you_viewed" && i.Reason.RelatedItemId == "item-1");
    }

    [Fact]
    public async Task Experiment_exposures_and_conversions_through_feedback_produce_results()
    {
        using var temp = new TempDirectory();
        await using var silo = await TestSilo.StartAsync(temp.File("state.db"));
        var config = silo.Grains.GetGrain<IDecisionConfigGrain>("default");
        await silo.Grains.GetGrain<ICatalogGrain>("default").UpsertItemsAsync(Enumerable.Range(0, 30).Select(i => Item($"i{i}", $"c{i % 5}")).ToList());
        var version = await config.PutExperimentAsync(new ExperimentDefinition("home-recs",
            [new("control", 1), new("popular", 1, new Dictionary<string, string> { ["strategy"] = "popularity" })], Surface: "recommendations"));
        await silo.WhenSnapshotAsync(s => s.Config.Version == version && s.Catalog.Items.Length == 30);

        var served = new List<(string DecisionId, string Variant)>();
        for (var c = 0; c < 40; c++)
        {
            var profile = new DecisionProfile($"cust-{c}", true, CategoryAffinities: new Dictionary<string, double> { ["c1"] = 1, ["c2"] = 2, ["c3"] = 3 });
            var result = silo.Engine.Recommend(profile, new RecommendationsRequest());
            foreach (var exposure in result.Exposures)
            {
                await silo.Grains.GetGrain<IExperimentGrain>(exposure.ExperimentId).RecordExposureAsync(exposure.Exposure);
            }

            served.Add((result.Response.DecisionId, result.Response.Experiments.Single().Variant));
        }

        // Every third customer converts, some feedback twice (retries must not double count).
        foreach (var (decisionId, _) in served.Where((_, i) => i % 3 == 0))
        {
            var decision = silo.Grains.GetGrain<IDecisionGrain>(decisionId);
            Assert.True((await decision.RecordFeedbackAsync(new DecisionFeedback(FeedbackType.Impression))).Accepted);
            var conversion = await decision.RecordFeedbackAsync(new DecisionFeedback(FeedbackType.Conversion, Value: 20));
            var retry = await decision.RecordFeedbackAsync(new DecisionFeedback(FeedbackType.Conversion, Value: 20));
            Assert.True(conversion.Accepted);
            Assert.Single(conversion.AttributedTo);
            Assert.True(retry.Duplicate);
        }

        var results = await silo.Grains.GetGrain<IExperimentGrain>("home-recs").GetResultsAsync();
        var forged = silo.Grains.GetGrain<IDecisionGrain>(served[0].DecisionId[..^4] + "AAAA");

        Assert.Equal(["control", "popular"], results.Variants.Select(v => v.Variant));
        foreach (var variant in results.Variants)
        {
            Assert.Equal(served.Count(s => s.Variant == variant.Variant), variant.Exposures);
            Assert.Equal(served.Where((s, i) => i % 3 == 0).Count(s => s.Variant == variant.Variant), variant.Conversions);
            Assert.Equal(variant.Conversions * 20m, variant.Revenue);
        }

        var ex = await Assert.ThrowsAsync<DecisionValidationException>(() => forged.RecordFeedbackAsync(new DecisionFeedback(FeedbackType.Click)));
        Assert.Equal("decisionId", Assert.Single(ex.Errors).Field);
    }

    [Fact]
    public async Task Admin_definitions_are_validated_persisted_and_applied_to_offers()
    {
        using var temp = new TempDirectory();
        var path = temp.File("state.db");
        long version;
        await using (var silo = await TestSilo.StartAsync(path))
        {
            var config = silo.Grains.GetGrain<IDecisionConfigGrain>("default");
            var invalid = await Assert.ThrowsAsync<DecisionValidationException>(() =>
                config.PutOfferAsync(new OfferDefinition("bad", "Bad", ["web"], Segments: ["vip"])));
            Assert.Equal("segments[0]", Assert.Single(invalid.Errors).Field);
            await config.PutSegmentAsync(new SegmentDefinition("vip", DefaultSegments_Leaf("rfm.monetary", "gte", 1000)));
            version = await config.PutOfferAsync(new OfferDefinition("vip_gift", "A gift for you", ["web"], Segments: ["vip"]));
        }

        await using var restarted = await TestSilo.StartAsync(path);
        await restarted.WhenSnapshotAsync(s => s.Config.Version == version);
        var vip = new DecisionProfile("v", true, MarketingConsent: true, AcceptedChannels: ["web"], Facts: new CustomerFacts(OrderCount: 3, TotalSpend: 1500));
        var result = restarted.Engine.Offers(vip, new OffersRequest());

        Assert.Equal("vip_gift", Assert.Single(result.Response.Offers).OfferId);
        Assert.Contains("vip", result.Response.Segments);
        Assert.Contains("high_value", result.Response.Segments);
        Assert.Equal(1, result.State.OfferCaps!.Counters["vip_gift"].Count);
    }

    private static RuleCondition DefaultSegments_Leaf(string fact, string op, double value) => Grains.Decisions.DefaultSegments.Leaf(fact, op, value);
}
