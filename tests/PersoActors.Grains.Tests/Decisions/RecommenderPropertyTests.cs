using FsCheck;
using FsCheck.Fluent;
using PersoActors.Tests.Shared;
using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Tests.Decisions;

public sealed class RecommenderPropertyTests
{
    private static readonly SyntheticWorld World = new(categories: 12, itemsPerCategory: 80, brands: 15, seed: 11);
    private static readonly DecisionEngine Engine = new(new DecisionOptions(), TimeProvider.System);

    private sealed record Case(DecisionProfile Profile, RecommendationsRequest Request);

    [Fact]
    public void Exclusions_content_filters_availability_purchases_and_consent_are_always_honoured()
    {
        var itemIds = World.Items.Select(i => i.Id).ToArray();
        var names = World.Categories.Concat(["NoSuchCategory"]).ToArray();
        var gen =
            from consent in Gen.Elements(true, false)
            from excludedCategories in Gen.SubListOf(names)
            from excludedBrands in Gen.SubListOf(World.Brands)
            from filters in Gen.SubListOf(new[] { "vegan", "gluten_free", "VEGAN", "kosher" })
            from favourites in Gen.SubListOf(World.Categories)
            from affinityCategories in Gen.SubListOf(names)
            from affinityScore in Gen.Choose(0, 50)
            from recent in Gen.ArrayOf(Gen.Elements(itemIds))
            from purchased in Gen.ArrayOf(Gen.Elements(itemIds))
            from cart in Gen.ArrayOf(Gen.Elements(itemIds))
            from slot in Gen.Elements("home", "product_page", "cart")
            from current in Gen.Elements(itemIds)
            from count in Gen.Choose(1, 40)
            from hour in Gen.Choose(0, 23)
            select new Case(
                new DecisionProfile(
                    "prop",
                    consent,
                    CategoryAffinities: affinityCategories.Select((c, i) => (c, s: (double)(affinityScore + i))).ToDictionary(p => p.c, p => p.s),
                    RecentItems: recent.Take(30).Select((id, i) => new RecentItem(id, (InteractionKind)(i % 3), SyntheticWorld.Now.AddMinutes(-i))).ToList(),
                    PurchasedItemIds: purchased.Take(40).ToList(),
                    Customization: new CustomerCustomization(
                        FavouriteCategories: favourites.Take(3).ToList(),
                        // Exclusions arrive in any letter case; the catalog matches names case-insensitively.
                        ExcludedCategories: excludedCategories.Take(8).Select((c, i) => i % 2 == 0 ? c.ToLowerInvariant() : c).ToList(),
                        ExcludedBrands: excludedBrands.Take(8).ToList(),
                        ContentFilters: filters.Take(2).ToList())),
                new RecommendationsRequest(slot, count, slot == "product_page" ? current : null,
                    new DecisionContext(Device: "mobile", LocalHour: hour, CartItemIds: cart.Take(10).ToList())));

        PropertyRun.Check(Prop.ForAll(gen.ToArbitrary(), (Case c) => Holds(c)), tests: 400);
    }

    private static bool Holds(Case c)
    {
        var (profile, request) = (c.Profile, c.Request);
        var response = Engine.Recommend(profile, request, snapshot: World.Snapshot, now: SyntheticWorld.Now).Response;
        var customization = profile.Customization!;
        var excludedCategories = customization.ExcludedCategories!.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var excludedBrands = customization.ExcludedBrands!.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var blocked = profile.PurchasedItemIds!.Concat(request.Context!.CartItemIds!).Append(request.CurrentItemId).ToHashSet();

        Assert.True(response.Items.Count <= request.Count);
        Assert.Equal(response.Items.Count, response.Items.Select(i => i.ItemId).Distinct().Count());
        foreach (var recommended in response.Items)
        {
            var item = World.Catalog.Find(recommended.ItemId)!.Item;
            Assert.True(item.IsInStock, $"{item.Id} is not available");
            Assert.DoesNotContain(item.Categories, excludedCategories.Contains);
            Assert.False(item.Brand is not null && excludedBrands.Contains(item.Brand), $"{item.Id} has excluded brand {item.Brand}");
            Assert.All(customization.ContentFilters!, f => Assert.Contains(f, item.Attributes ?? [], StringComparer.OrdinalIgnoreCase));
            Assert.DoesNotContain(item.Id, blocked);
        }

        Assert.All(response.Items.GroupBy(i => i.Categories[0], StringComparer.OrdinalIgnoreCase), g => Assert.True(g.Count() <= 3));
        if (!profile.PersonalizationConsent)
        {
            Assert.False(response.Personalized);
            Assert.Equal(FallbackReasons.NoPersonalizationConsent, response.FallbackReason);
            // Nothing inferred from behaviour may show through.
            Assert.DoesNotContain(response.Items, i => i.Reason.Code is "because_you_viewed" or "because_you_bought" or "because_in_cart" or "matches_interest");
            Assert.Empty(response.Experiments);
        }

        return true;
    }
}
