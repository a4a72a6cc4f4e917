using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>Shapes a page: applies the customer's explicit customization (which always wins), picks configured
/// content blocks whose page and condition match (dropping any promoting an excluded category), orders them by
/// priority raised for favourite categories and, when personalized, for inferred affinity, and adds a
/// recommendations block and category carousels.</summary>
internal static class ExperienceBuilder
{
    private const int ItemsPerBlock = 8;
    private const int MaxCategoryCarousels = 2;

    public static AppliedCustomization Customization(DecisionProfile profile, DecisionContext? context, DecisionOptions options, IReadOnlyDictionary<string, string>? variant)
    {
        var c = profile.Customization ?? new CustomerCustomization();
        return new AppliedCustomization(
            c.Language ?? context?.Language ?? options.DefaultLanguage,
            c.Currency ?? options.DefaultCurrency,
            c.Layout ?? variant?.GetValueOrDefault("layout") ?? options.DefaultLayout,
            c.ContentFilters ?? [],
            c.FavouriteCategories ?? [],
            c.ExcludedCategories ?? [],
            c.ExcludedBrands ?? []);
    }

    public static IReadOnlyList<ExperienceBlock> Blocks(DecisionProfile profile, ExperienceRequest request, DecisionSnapshot snapshot,
        FactSet facts, RecommendationOutcome recommendations)
    {
        var catalog = snapshot.Catalog;
        var customization = profile.Customization;
        var favourites = (customization?.FavouriteCategories ?? []).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var excluded = (customization?.ExcludedCategories ?? []).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var personalized = recommendations.Personalized;
        var ranked = new List<(double Rank, ExperienceBlock Block)>();
        // One filter for every carousel of the page (building it resolves the customer's purchases in the catalog).
        ItemFilter? filter = null;
        ItemFilter Filter() => filter ??= new ItemFilter(catalog, snapshot.Signals, customization, profile.PurchasedItemIds ?? [], profile.PurchasedItemHashes);
        var hasRecommendationsBlock = false;

        foreach (var (definition, condition) in snapshot.Config.Blocks)
        {
            if (definition.Pages is { } pages && !pages.Contains(request.Page, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            if ((definition.Category is { } excludedCategory && excluded.Contains(excludedCategory)) || !condition(facts))
            {
                continue;
            }

            double rank = definition.Priority;
            var reason = definition.Condition is not null ? "rule" : "default";
            if (definition.Category is { } category)
            {
                var share = personalized ? facts.CategoryAffinity(category) ?? 0 : 0;
                if (favourites.Contains(category))
                {
                    rank += 100;
                    reason = "favourite_category";
                }
                else if (share > 0)
                {
                    rank += 50 * share;
                    reason = share >= 0.5 ? "affinity" : reason;
                }
            }

            var isRecommendations = definition.Type == "recommendations";
            hasRecommendationsBlock |= isRecommendations;
            var items = isRecommendations ? recommendations.Items
                : definition.Category is { } c ? TopOfCategory(catalog, snapshot.Signals, Filter(), c) : null;
            ranked.Add((rank, new ExperienceBlock(definition.Id, definition.Type, definition.Title, definition.Category, reason, items)));
        }

        if (!hasRecommendationsBlock && recommendations.Items.Count > 0)
        {
            ranked.Add(personalized
                ? (60, new ExperienceBlock("recommended_for_you", "recommendations", "Recommended for you", null, "affinity", recommendations.Items))
                : (40, new ExperienceBlock("trending", "recommendations", "Trending now", null, "default", recommendations.Items)));
        }

        foreach (var (category, rank, reason) in CarouselCategories(profile, facts, favourites, excluded, personalized))
        {
            if (ranked.Any(r => string.Equals(r.Block.Category, category, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var items = TopOfCategory(catalog, snapshot.Signals, Filter(), category);
            if (items.Count > 0)
            {
                ranked.Add((rank, new ExperienceBlock($"category:{category.ToLowerInvariant()}", "carousel", $"More in {category}", category, reason, items)));
            }
        }

        return ranked
            .OrderByDescending(r => r.Rank).ThenBy(r => r.Block.Id, StringComparer.Ordinal)
            .Take(request.MaxBlocks)
            .Select(r => r.Block)
            .ToList();
    }

    private static IEnumerable<(string Category, double Rank, string Reason)> CarouselCategories(DecisionProfile profile, FactSet facts,
        HashSet<string> favourites, HashSet<string> excluded, bool personalized)
    {
        var picked = 0;
        foreach (var favourite in favourites)
        {
            if (picked++ == MaxCategoryCarousels)
            {
                yield break;
            }

            yield return (favourite, 150, "favourite_category");
        }

        if (!personalized || profile.CategoryAffinities is null)
        {
            yield break;
        }

        foreach (var (category, _) in profile.CategoryAffinities.Where(a => a.Value > 0).OrderByDescending(a => a.Value).ThenBy(a => a.Key, StringComparer.Ordinal))
        {
            if (picked == MaxCategoryCarousels)
            {
                yield break;
            }

            if (excluded.Contains(category) || favourites.Contains(category))
            {
                continue;
            }

            picked++;
            yield return (category, 50 * (facts.CategoryAffinity(category) ?? 0), "affinity");
        }
    }

    private static IReadOnlyList<RecommendedItem> TopOfCategory(CatalogSnapshot catalog, SignalIndex signals, ItemFilter filter, string category)
    {
        var id = catalog.CategoryId(category);
        if (id < 0)
        {
            return [];
        }

        Span<int> picked = stackalloc int[ItemsPerBlock];
        var count = 0;
        foreach (var index in signals.TopByCategory[id])
        {
            if (filter.Allows(index))
            {
                picked[count++] = index;
                if (count == ItemsPerBlock)
                {
                    break;
                }
            }
        }

        if (count == 0)
        {
            return [];
        }

        // Records are immutable, so every item of the block can share one reason.
        var name = catalog.CategoryName(id);
        var reason = new ItemReason("popular_in_category", $"Popular in {name}", Category: name);
        var items = new RecommendedItem[count];
        for (var i = 0; i < count; i++)
        {
            var item = catalog.Records[picked[i]];
            items[i] = new RecommendedItem(item.Id, item.Title, item.Categories, item.Brand, item.Price,
                Math.Round(signals.NormalizedPopularity(picked[i]), 4), reason);
        }

        return items;
    }
}
