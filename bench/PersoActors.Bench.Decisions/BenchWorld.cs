using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Bench.Decisions;

/// <summary>A 100k-item catalog with popularity, co-occurrence, segments, offers and an experiment, plus customers.</summary>
internal static class BenchWorld
{
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>As many neighbours per item as the item-signals grain keeps.</summary>
    private static readonly int NeighboursPerItem = new DecisionOptions().MaxNeighbours;

    public static DecisionSnapshot Snapshot(int itemCount, int categories, Random random)
    {
        var items = new CatalogItem[itemCount];
        for (var i = 0; i < itemCount; i++)
        {
            var category = i % categories;
            items[i] = new CatalogItem(
                $"item-{i}",
                $"Item {i}",
                random.NextDouble() < 0.2 ? [$"cat-{category}", $"cat-{random.Next(categories)}"] : [$"cat-{category}"],
                $"brand-{random.Next(300)}",
                random.NextDouble() < 0.05 ? ["breakfast"] : null,
                random.Next(1, 500),
                Available: random.NextDouble() > 0.02,
                Attributes: random.NextDouble() < 0.3 ? ["vegan"] : null);
        }

        var order = Enumerable.Range(0, itemCount).OrderBy(_ => random.Next()).ToArray();
        var signals = new List<ItemSignalRecord>(itemCount);
        for (var rank = 0; rank < itemCount; rank++)
        {
            var index = order[rank];
            var category = index % categories;
            var neighbours = Enumerable.Range(0, NeighboursPerItem)
                .Select(n => new ItemNeighbour($"item-{(random.Next(itemCount / categories) * categories + category) % itemCount}", NeighboursPerItem - n))
                .DistinctBy(n => n.ItemId)
                .ToList();
            signals.Add(new ItemSignalRecord($"item-{index}", 10_000.0 / (rank + 1), 1_000.0 / (rank + 1), neighbours));
        }

        var config = CompiledDecisionConfig.Compile(new DecisionConfig(1, DefaultSegments.All,
            [
                new OfferDefinition("cart_reminder", "Your cart", ["web", "email"], Segments: ["cart_abandoner"], Priority: 10),
                new OfferDefinition("welcome", "Welcome", ["web"], Segments: ["new_visitor"], Priority: 5),
                new OfferDefinition("loyalty", "Thanks", ["web"], Segments: ["loyal"], Priority: 3),
            ],
            [
                new ContentBlockDefinition("hero", "hero", "Sale", Priority: 20),
                new ContentBlockDefinition("cat-3", "banner", "Cat 3", Category: "cat-3", Priority: 10),
            ],
            [new ExperimentDefinition("recs", [new("control", 1), new("k4", 1, new Dictionary<string, string> { ["max_per_category"] = "4" })], Surface: "recommendations")]));
        return DecisionSnapshot.Create(CatalogSnapshot.Build(new CatalogContents(1, items)), new ItemSignalsData(1, Now, signals), config);
    }

    public static DecisionProfile Customer(int id, int itemCount, int categories, Random random)
    {
        var interests = Enumerable.Range(0, 4).Select(_ => random.Next(categories)).ToArray();
        var recent = Enumerable.Range(0, 20)
            .Select(n => new RecentItem($"item-{(random.Next(itemCount / categories) * categories + interests[n % 4]) % itemCount}", (InteractionKind)(n % 3), Now.AddHours(-n)))
            .ToList();
        return new DecisionProfile(
            $"customer-{id}",
            PersonalizationConsent: true,
            MarketingConsent: true,
            AcceptedChannels: ["web"],
            CategoryAffinities: interests.Distinct().ToDictionary(c => $"cat-{c}", _ => random.NextDouble() * 10),
            BrandAffinities: new Dictionary<string, double> { [$"brand-{random.Next(300)}"] = 3 },
            RecentItems: recent,
            PurchasedItemIds: Enumerable.Range(0, 10).Select(_ => $"item-{random.Next(itemCount)}").ToList(),
            Customization: new CustomerCustomization(ExcludedCategories: [$"cat-{random.Next(categories)}"], ContentFilters: id % 5 == 0 ? ["vegan"] : null),
            Facts: new CustomerFacts(EventCount: 200, FirstSeen: Now.AddDays(-90), LastSeen: Now, OrderCount: id % 7, TotalSpend: id % 1000,
                LastOrderAt: Now.AddDays(-id % 100), CartItemIds: id % 3 == 0 ? ["item-1"] : null, CartUpdatedAt: Now.AddHours(-1)),
            // A long-standing customer: 200 purchases remembered by hash, the ring's 80 viewed items demoted.
            PurchasedItemHashes: Enumerable.Range(0, 200).Select(_ => ItemIdHash.Of($"item-{random.Next(itemCount)}")).Distinct().Order().ToArray(),
            ViewedItemHashes: recent.Select(r => ItemIdHash.Of(r.ItemId)).Concat(Enumerable.Range(0, 60).Select(_ => ItemIdHash.Of($"item-{random.Next(itemCount)}"))).Distinct().Order().ToArray());
    }
}
