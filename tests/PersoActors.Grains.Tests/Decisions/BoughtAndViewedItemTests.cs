using PersoActors.Grains.Customers;
using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Tests.Decisions;

public sealed class BoughtAndViewedItemTests
{
    private static readonly SyntheticWorld World = new(categories: 10, itemsPerCategory: 100, seed: 13);
    private static readonly DecisionEngine Engine = new(new DecisionOptions(), TimeProvider.System);

    [Fact]
    public void Nothing_ever_bought_is_recommended_however_many_purchases_the_customer_made()
    {
        var random = new Random(4);
        var bought = World.Items.Where(i => i.IsInStock).OrderBy(_ => random.Next()).Take(400).ToList();
        var profile = Shopper(bought, views: World.Items.Take(30));

        var decision = DecisionProfileBuilder.Build("heavy", profile, SyntheticWorld.Now);
        Assert.Equal(new CustomerProfileOptions().PurchasedItemLimit, decision.PurchasedItemIds!.Count); // the ids kept are bounded...
        Assert.Equal(bought.Count, decision.PurchasedItemHashes!.Count); // ...the purchased set is not

        var boughtIds = bought.Select(i => i.Id).ToHashSet();
        foreach (var consent in new[] { true, false })
        {
            foreach (var request in new[] { new RecommendationsRequest("home", 100), new RecommendationsRequest("product_page", 50, bought[0].Id) })
            {
                var items = Engine.Recommend(decision with { PersonalizationConsent = consent }, request, snapshot: World.Snapshot, now: SyntheticWorld.Now).Response.Items;
                Assert.NotEmpty(items);
                Assert.DoesNotContain(items, i => boughtIds.Contains(i.ItemId));
            }
        }
    }

    [Fact]
    public void The_purchased_set_survives_a_snapshot_and_is_rebuilt_from_the_ids_of_an_older_record()
    {
        var bought = World.Items.Take(120).ToList();
        var profile = Shopper(bought, views: []);

        var stored = System.Text.Json.JsonSerializer.Serialize(profile.ToSnapshot("c", SyntheticWorld.Now));
        var restored = CustomerProfile.FromSnapshot(System.Text.Json.JsonSerializer.Deserialize<CustomerSnapshot>(stored)!, new CustomerProfileOptions());
        Assert.Equal(bought.Count, restored.PurchasedItemHashes.Count);
        Assert.Equal(profile.PurchasedItemHashes, restored.PurchasedItemHashes);

        var older = profile.ToSnapshot("c", SyntheticWorld.Now);
        older = older with { Purchases = older.Purchases with { PurchasedItemHashes = null } };
        var fromIds = CustomerProfile.FromSnapshot(older, new CustomerProfileOptions());
        Assert.Equal(bought.TakeLast(new CustomerProfileOptions().PurchasedItemLimit).Select(i => ItemIdHash.Of(i.Id)).Order(),
            fromIds.PurchasedItemHashes.Order());
    }

    [Fact]
    public void An_item_the_catalog_marks_repeatable_may_be_recommended_again()
    {
        var items = World.Items.Select((item, i) => i % 2 == 0 ? item with { Repeatable = true } : item).ToList();
        var snapshot = DecisionSnapshot.Create(CatalogSnapshot.Build(new CatalogContents(1, items)), World.Signals);
        var trending = snapshot.Signals.Trending.Take(20).Select(i => items[i]).ToList();
        var profile = DecisionProfileBuilder.Build("refill", Shopper(trending, views: []), SyntheticWorld.Now) with { PersonalizationConsent = false };

        var recommended = Engine.Recommend(profile, new RecommendationsRequest("home", 20), snapshot: snapshot, now: SyntheticWorld.Now).Response.Items
            .Select(i => i.ItemId).ToHashSet();

        Assert.Contains(trending, i => i.Repeatable && recommended.Contains(i.Id));
        Assert.DoesNotContain(trending, i => !i.Repeatable && recommended.Contains(i.Id));
    }

    [Fact]
    public void A_viewed_item_is_demoted_not_banned()
    {
        var recommender = new Recommender(new DecisionOptions().Recommender);
        var uncapped = new Dictionary<string, string> { ["max_per_category"] = "1000" };
        var customer = World.SimulatedCustomer("viewer", ["Cat03"], new Random(8));
        var request = new RecommendationsRequest("home", 100);
        var before = recommender.Recommend(customer, request, World.Snapshot, SyntheticWorld.Now, uncapped).Items;
        var top = before[0];

        var viewed = customer with { ViewedItemHashes = [ItemIdHash.Of(top.ItemId)] };
        var after = recommender.Recommend(viewed, request, World.Snapshot, SyntheticWorld.Now, uncapped).Items.ToList();

        var rank = after.FindIndex(i => i.ItemId == top.ItemId);
        Assert.True(rank > 0, $"the viewed item should move down the list, not off it (rank {rank})");
        Assert.True(after[rank].Score < top.Score);
    }

    private static CustomerProfile Shopper(IReadOnlyList<CatalogItem> bought, IEnumerable<CatalogItem> views)
    {
        var profile = new CustomerProfile(new CustomerProfileOptions());
        profile.ChangeConsents(new ConsentChange(
            [new ConsentDecision(ConsentPurpose.Analytics, true), new ConsentDecision(ConsentPurpose.Personalization, true)], "test", ReplaceAll: false), SyntheticWorld.Now.AddDays(-30));
        var at = SyntheticWorld.Now.AddDays(-20);
        foreach (var item in bought)
        {
            at = at.AddMinutes(1);
            profile.Track([new BehaviourEvent(EventType.Purchase, at, item.Id, item.Categories, item.Brand, 10m)]);
        }

        foreach (var item in views)
        {
            at = at.AddMinutes(1);
            profile.Track([new BehaviourEvent(EventType.View, at, item.Id, item.Categories, item.Brand)]);
        }

        return profile;
    }
}
