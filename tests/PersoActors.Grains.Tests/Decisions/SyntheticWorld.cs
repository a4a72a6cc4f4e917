using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Tests.Decisions;

/// <summary>A deterministic synthetic shop: categories of items with brands, content attributes, some items
/// out of stock, Zipf-like popularity independent of category, and co-occurrence within categories.</summary>
internal sealed class SyntheticWorld
{
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public SyntheticWorld(int categories = 20, int itemsPerCategory = 250, int brands = 40, int seed = 7)
    {
        var random = new Random(seed);
        Categories = Enumerable.Range(0, categories).Select(c => $"Cat{c:00}").ToArray();
        Brands = Enumerable.Range(0, brands).Select(b => $"Brand{b:00}").ToArray();
        var items = new List<CatalogItem>();
        for (var c = 0; c < categories; c++)
        {
            for (var i = 0; i < itemsPerCategory; i++)
            {
                var attributes = new List<string>();
                if (random.NextDouble() < 0.3)
                {
                    attributes.Add("vegan");
                }

                if (random.NextDouble() < 0.2)
                {
                    attributes.Add("gluten_free");
                }

                var secondCategory = random.NextDouble() < 0.1 ? Categories[random.Next(categories)] : null;
                items.Add(new CatalogItem(
                    $"i{c:00}-{i:0000}",
                    $"Item {c}/{i}",
                    secondCategory is null || secondCategory == Categories[c] ? [Categories[c]] : [Categories[c], secondCategory],
                    Brands[random.Next(brands)],
                    random.NextDouble() < 0.1 ? ["breakfast"] : null,
                    Math.Round((decimal)(random.NextDouble() * 100), 2),
                    Available: random.NextDouble() > 0.03,
                    Stock: random.NextDouble() < 0.05 ? 0 : null,
                    Attributes: attributes));
            }
        }

        Items = items;
        Catalog = CatalogSnapshot.Build(new CatalogContents(1, items));

        // Popularity is a Zipf over a random permutation, so popular items are spread over all categories.
        var order = Enumerable.Range(0, items.Count).OrderBy(_ => random.Next()).ToArray();
        var records = new List<ItemSignalRecord>(items.Count);
        for (var rank = 0; rank < order.Length; rank++)
        {
            var item = items[order[rank]];
            var category = int.Parse(item.Id.AsSpan(1, 2));
            var neighbours = Enumerable.Range(0, 10)
                .Select(_ => $"i{category:00}-{random.Next(itemsPerCategory):0000}")
                .Where(id => id != item.Id).Distinct()
                .Select((id, n) => new ItemNeighbour(id, 10.0 - n))
                .ToList();
            records.Add(new ItemSignalRecord(item.Id, 1000.0 / (rank + 1), 100.0 / (rank + 1), neighbours));
        }

        Signals = new ItemSignalsData(1, Now, records);
        Snapshot = DecisionSnapshot.Create(Catalog, Signals);
    }

    public string[] Categories { get; }

    public string[] Brands { get; }

    public IReadOnlyList<CatalogItem> Items { get; }

    public CatalogSnapshot Catalog { get; }

    public ItemSignalsData Signals { get; }

    public DecisionSnapshot Snapshot { get; }

    /// <summary>A customer who likes <paramref name="interests"/>: 85% of their 15 recent views fall in them;
    /// affinities are what a profile would infer from those views.</summary>
    public DecisionProfile SimulatedCustomer(string customerId, IReadOnlyList<string> interests, Random random, bool consent = true)
    {
        var recent = new List<RecentItem>();
        var affinities = new Dictionary<string, double>();
        for (var v = 0; v < 15; v++)
        {
            var category = random.NextDouble() < 0.85 ? interests[random.Next(interests.Count)] : Categories[random.Next(Categories.Length)];
            var pool = Items.Where(i => i.Categories[0] == category).ToList();
            var item = pool[random.Next(pool.Count)];
            var at = Now.AddHours(-v * 3);
            recent.Add(new RecentItem(item.Id, InteractionKind.View, at));
            affinities[category] = affinities.GetValueOrDefault(category) + Decay.Factor(Now - at, TimeSpan.FromDays(14));
        }

        return new DecisionProfile(customerId, consent, CategoryAffinities: affinities, RecentItems: recent,
            Facts: new CustomerFacts(EventCount: 15, FirstSeen: Now.AddDays(-3), LastSeen: Now));
    }
}
