using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

public sealed partial class Recommender
{
    private sealed partial class Run
    {
        /// <summary>The score's parts. Scoring runs for every candidate and needs only the total; the reason is chosen
        /// (from the same parts) only for the items that make the list.</summary>
        private readonly struct Parts
        {
            public double Affinity { get; init; }
            public int AffinityCategory { get; init; }
            public double Brand { get; init; }
            public double Popularity { get; init; }
            public double Neighbour { get; init; }
            public double FavouriteCategory { get; init; }
            public int Favourite { get; init; }
            public double FavouriteBrand { get; init; }
            public double Context { get; init; }
            public double Multiplier { get; init; }

            public double Total => (Affinity + Brand + Popularity + Neighbour + FavouriteCategory + FavouriteBrand + Context) * Multiplier;
        }

        /// <summary>The total of <see cref="Evaluate"/>, computed the same way (same terms, same order, so the same bits)
        /// without tracking which category or favourite produced it.</summary>
        private double ScoreOf(in Candidate c, in HotItem hot)
        {
            double affinity = 0;
            var favourite = false;
            if (affinityCategories.Count > 0)
            {
                affinity = categoryAffinity[hot.Primary];
                if (hot.Second >= 0)
                {
                    affinity = Math.Max(affinity, categoryAffinity[hot.Second]);
                }

                for (var i = 0; i < hot.ExtraCount; i++)
                {
                    affinity = Math.Max(affinity, categoryAffinity[signals.ItemLists[hot.ListStart + i]]);
                }
            }

            if (favouriteCategories.Count > 0)
            {
                favourite = favouriteCategory[hot.Primary] || (hot.Second >= 0 && favouriteCategory[hot.Second]);
                for (var i = 0; i < hot.ExtraCount && !favourite; i++)
                {
                    favourite = favouriteCategory[signals.ItemLists[hot.ListStart + i]];
                }
            }

            var brand = hot.Brand >= 0 && affinityBrands.Count > 0 ? brandAffinity[hot.Brand] : 0;
            var isFavouriteBrand = hot.Brand >= 0 && favouriteBrands.Count > 0 && favouriteBrand[hot.Brand];
            var affinityPart = o.AffinityWeight * affinity;
            var brandPart = o.BrandWeight * brand;
            var popularity = o.PopularityWeight * hot.Popularity;
            var neighbour = o.NeighbourWeight * c.Neighbour * neighbourScale;
            var favouriteCategoryPart = favourite ? o.FavouriteCategoryBoost : 0;
            var favouriteBrandPart = isFavouriteBrand ? o.FavouriteBrandBoost : 0;
            var contextPart = contextCategory >= 0 && hot.HasCategory(contextCategory, signals.ItemLists) ? ContextCategoryBoost : 0;
            var multiplier = hot.HasTags ? ContextMultiplier(c.Index) : 1;
            return (affinityPart + brandPart + popularity + neighbour + favouriteCategoryPart + favouriteBrandPart + contextPart) * multiplier;
        }

        private Parts Evaluate(in Candidate c, in HotItem hot)
        {
            double affinity = 0;
            var affinityCategory = -1;
            var favourite = -1;
            if (affinityCategories.Count > 0 || favouriteCategories.Count > 0)
            {
                Consider(hot.Primary, ref affinity, ref affinityCategory, ref favourite);
                if (hot.Second >= 0)
                {
                    Consider(hot.Second, ref affinity, ref affinityCategory, ref favourite);
                }

                for (var i = 0; i < hot.ExtraCount; i++)
                {
                    Consider(signals.ItemLists[hot.ListStart + i], ref affinity, ref affinityCategory, ref favourite);
                }
            }

            var brand = hot.Brand >= 0 && affinityBrands.Count > 0 ? brandAffinity[hot.Brand] : 0;
            var isFavouriteBrand = hot.Brand >= 0 && favouriteBrands.Count > 0 && favouriteBrand[hot.Brand];
            return new Parts
            {
                Affinity = o.AffinityWeight * affinity,
                AffinityCategory = affinityCategory,
                Brand = o.BrandWeight * brand,
                Popularity = o.PopularityWeight * hot.Popularity,
                Neighbour = o.NeighbourWeight * c.Neighbour * neighbourScale,
                FavouriteCategory = favourite >= 0 ? o.FavouriteCategoryBoost : 0,
                Favourite = favourite,
                FavouriteBrand = isFavouriteBrand ? o.FavouriteBrandBoost : 0,
                Context = contextCategory >= 0 && hot.HasCategory(contextCategory, signals.ItemLists) ? ContextCategoryBoost : 0,
                Multiplier = hot.HasTags ? ContextMultiplier(c.Index) : 1,
            };
        }

        private void Consider(int category, ref double affinity, ref int affinityCategory, ref int favourite)
        {
            var a = categoryAffinity[category];
            if (a > affinity)
            {
                affinity = a;
                affinityCategory = category;
            }

            if (favourite < 0 && favouriteCategory[category])
            {
                favourite = category;
            }
        }

        private double ContextMultiplier(int index)
        {
            boosts ??= ActiveBoosts();
            if (boosts.Length == 0)
            {
                return 1;
            }

            var tags = signals.TagsOf(index, catalog);
            var multiplier = 1.0;
            foreach (var (tag, factor) in boosts)
            {
                if (tags.Contains(tag))
                {
                    multiplier *= factor;
                }
            }

            return multiplier;
        }

        /// <summary>The boost rules whose context matches this request, with their tags resolved once.</summary>
        private (int Tag, double Multiplier)[] ActiveBoosts()
        {
            var active = new List<(int, double)>();
            foreach (var rule in o.ContextBoosts)
            {
                var tag = catalog.TagId(rule.Tag);
                if (tag >= 0 && Matches(rule, request.Context))
                {
                    active.Add((tag, rule.Multiplier));
                }
            }

            return [.. active];
        }

        private static bool Matches(ContextBoostRule rule, DecisionContext? context)
        {
            if (rule.Device is not null && !string.Equals(rule.Device, context?.Device, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            if (rule.Channel is not null && !string.Equals(rule.Channel, context?.Channel, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            if (rule.Country is not null && !string.Equals(rule.Country, context?.Country, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            if (rule.FromHour is { } from && rule.ToHour is { } to)
            {
                if (context?.LocalHour is not { } hour)
                {
                    return false;
                }

                return from <= to ? hour >= from && hour <= to : hour >= from || hour <= to;
            }

            return true;
        }
    }
}
