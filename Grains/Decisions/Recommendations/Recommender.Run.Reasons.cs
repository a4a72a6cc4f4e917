using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

public sealed partial class Recommender
{
    private sealed partial class Run
    {
        /// <summary>The reason names the largest contribution; explicit favourites win ties over inference, and a concrete
        /// "because you viewed X" beats a vaguer reason when it carries at least half the weight.
        /// Only the kind is recorded here; the text is built for the items returned.</summary>
        private void Explain(ref Candidate c, in HotItem hot)
        {
            var p = Evaluate(in c, in hot);
            var best = Math.Max(Math.Max(p.Neighbour, p.Affinity), Math.Max(p.Brand, p.Popularity));
            c.ReasonCategory = hot.Primary;
            if (p.FavouriteCategory > 0 && p.FavouriteCategory >= best)
            {
                c.Reason = ReasonKind.FavouriteCategory;
                c.ReasonCategory = p.Favourite;
            }
            else if (p.FavouriteBrand > 0 && p.FavouriteBrand >= best)
            {
                c.Reason = ReasonKind.FavouriteBrand;
            }
            else if (p.Neighbour > 0 && p.Neighbour >= 0.5 * best)
            {
                c.Reason = ReasonKind.Seed;
            }
            else if (p.Affinity > 0 && p.Affinity >= best)
            {
                c.Reason = ReasonKind.Interest;
                c.ReasonCategory = p.AffinityCategory;
            }
            else if (p.Brand > 0 && p.Brand >= best)
            {
                c.Reason = ReasonKind.LikedBrand;
            }
            else if (p.Context > 0)
            {
                c.Reason = ReasonKind.PopularInCategory;
                c.ReasonCategory = contextCategory;
            }
            else
            {
                c.Reason = c.Source == Source.Trending ? ReasonKind.Trending : ReasonKind.PopularInCategory;
            }
        }

        /// <summary>The reason for a returned item, from <see cref="ReasonCache"/>: category reasons by category id, brand
        /// reasons by the item (its own brand spelling), seed reasons by the seed.</summary>
        private ItemReason Reason(in Candidate c) => c.Reason switch
        {
            ReasonKind.FavouriteCategory => reasons.Get(ReasonSlot.FavouriteCategory, c.ReasonCategory, static (catalog, id) =>
                CategoryReason("favourite_category", "From your favourite category ", catalog.CategoryName(id))),
            ReasonKind.Interest => reasons.Get(ReasonSlot.Interest, c.ReasonCategory, static (catalog, id) =>
                CategoryReason("matches_interest", "Matches your interest in ", catalog.CategoryName(id))),
            ReasonKind.FavouriteBrand => reasons.Get(ReasonSlot.FavouriteBrand, c.Index, static (catalog, item) =>
                new ItemReason("favourite_brand", $"From your favourite brand {catalog.Records[item].Brand}")),
            ReasonKind.LikedBrand => reasons.Get(ReasonSlot.LikedBrand, c.Index, static (catalog, item) =>
                new ItemReason("favourite_brand", $"More from {catalog.Records[item].Brand}, a brand you like")),
            ReasonKind.Seed => c.SeedKind switch
            {
                SeedKind.Current => reasons.Get(ReasonSlot.SimilarToCurrent, c.Seed, static (catalog, seed) =>
                    SeedReason("similar_to_current", "Often viewed with ", catalog.Records[seed], "")),
                SeedKind.Cart => reasons.Get(ReasonSlot.InCart, c.Seed, static (catalog, seed) =>
                    SeedReason("because_in_cart", "Goes with ", catalog.Records[seed], " in your cart")),
                SeedKind.Bought => reasons.Get(ReasonSlot.Bought, c.Seed, static (catalog, seed) =>
                    SeedReason("because_you_bought", "Because you bought ", catalog.Records[seed], "")),
                _ => reasons.Get(ReasonSlot.Viewed, c.Seed, static (catalog, seed) =>
                    SeedReason("because_you_viewed", "Because you viewed ", catalog.Records[seed], "")),
            },
            ReasonKind.Trending => Trending,
            _ => reasons.Get(ReasonSlot.PopularInCategory, c.ReasonCategory, static (catalog, id) =>
                CategoryReason("popular_in_category", "Popular in ", catalog.CategoryName(id))),
        };

        private static readonly ItemReason Trending = new("trending", "Trending now");

        private static ItemReason CategoryReason(string code, string text, string category) => new(code, text + category, Category: category);

        private static ItemReason SeedReason(string code, string before, CatalogItem seed, string after) =>
            new(code, before + seed.Title + after, seed.Id);
    }
}
