using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Tests.Decisions;

public sealed class ReasonTextTests
{
    private static readonly SyntheticWorld World = new(categories: 10, itemsPerCategory: 100, seed: 21);
    private static readonly string[] SeedCodes = ["similar_to_current", "because_in_cart", "because_you_viewed", "because_you_bought"];

    [Fact]
    public void Each_reason_names_the_item_or_category_behind_it_as_the_answers_catalog_spells_it()
    {
        var recommender = new Recommender(new DecisionOptions().Recommender);
        var renamed = CatalogSnapshot.Build(new CatalogContents(2, [.. World.Items.Select(i => i with { Title = i.Title + " (2nd edition)" })]));
        var secondVersion = DecisionSnapshot.Create(renamed, World.Signals);

        var first = Answers(recommender, World.Snapshot);
        var second = Answers(recommender, secondVersion);
        var again = Answers(recommender, World.Snapshot);

        AssertNamed(first, World.Catalog);
        AssertNamed(second, renamed);
        AssertNamed(again, World.Catalog);
        Assert.Contains(first, i => SeedCodes.Contains(i.Reason.Code));
        Assert.Contains(first, i => i.Reason.Category is not null);
        Assert.Contains(second, i => i.Reason.Text.EndsWith(" (2nd edition)", StringComparison.Ordinal)
            || i.Reason.Text.Contains(" (2nd edition) in your cart", StringComparison.Ordinal));
    }

    private static List<RecommendedItem> Answers(Recommender recommender, DecisionSnapshot snapshot)
    {
        var random = new Random(5);
        var items = new List<RecommendedItem>();
        for (var c = 0; c < 20; c++)
        {
            var customer = World.SimulatedCustomer($"c-{c}", [World.Categories[c % World.Categories.Length]], random);
            var current = customer.RecentItems![0].ItemId;
            items.AddRange(recommender.Recommend(customer, new RecommendationsRequest("home", 20), snapshot, SyntheticWorld.Now).Items);
            items.AddRange(recommender.Recommend(customer, new RecommendationsRequest("product_page", 20, current), snapshot, SyntheticWorld.Now).Items);
        }

        return items;
    }

    private static void AssertNamed(List<RecommendedItem> items, CatalogSnapshot catalog)
    {
        foreach (var item in items)
        {
            var reason = item.Reason;
            if (SeedCodes.Contains(reason.Code))
            {
                var seed = catalog.Find(reason.RelatedItemId!)!.Item;
                Assert.Contains(seed.Title, reason.Text, StringComparison.Ordinal);
            }
            else if (reason.Category is { } category)
            {
                Assert.EndsWith(category, reason.Text, StringComparison.Ordinal);
                Assert.Contains(category, catalog.Find(item.ItemId)!.Item.Categories);
            }
            else if (reason.Code == "favourite_brand")
            {
                Assert.Contains(item.Brand!, reason.Text, StringComparison.Ordinal);
            }
        }
    }
}
