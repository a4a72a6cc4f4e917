using System.Globalization;
using System.Runtime.InteropServices;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>Ranks items for one customer from a snapshot, in memory, without scanning the catalog:
/// candidates come from co-occurrence neighbours of the current item, cart, recent and purchased items, the most
/// popular items of the customer's affinity and favourite categories and brands, and trending items; the hard
/// <see cref="ItemFilter"/> removes anything excluded; the rest is scored (affinity, popularity, co-occurrence
/// with recency, explicit favourites, context boosts), diversified (at most K per primary category) and explained.</summary>
public sealed class Recommender(RecommenderOptions options)
{
    private const int MaxSeeds = 10;
    private const int NeighboursPerSeed = 12;
    private const int TopAffinityCategories = 5;
    private const int TopAffinityBrands = 3;
    private const double ContextCategoryBoost = 0.3;

    public RecommenderOptions Options { get; } = options;

    public RecommendationOutcome Recommend(DecisionProfile profile, RecommendationsRequest request, DecisionSnapshot snapshot, DateTimeOffset now,
        IReadOnlyDictionary<string, string>? variantParameters = null)
    {
        var catalog = snapshot.Catalog;
        var maxPerCategory = variantParameters?.TryGetValue("max_per_category", out var k) == true
            && int.TryParse(k, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed > 0 ? parsed : Options.MaxPerCategory;
        var cart = request.Context?.CartItemIds ?? profile.Facts?.CartItemIds ?? [];
        var blocked = (profile.PurchasedItemIds ?? []).Concat(cart);
        if (request.CurrentItemId is { } current)
        {
            blocked = blocked.Append(current);
        }

        var filter = new ItemFilter(catalog, snapshot.Signals, profile.Customization, blocked);
        var run = new Run(this, profile, request, snapshot, filter, now, maxPerCategory);

        string? fallback = null;
        if (!profile.PersonalizationConsent)
        {
            fallback = FallbackReasons.NoPersonalizationConsent;
        }
        else if (variantParameters?.GetValueOrDefault("strategy") == "popularity")
        {
            fallback = FallbackReasons.ExperimentVariant;
        }
        else if (PersonalSignals(profile) < Options.MinSignals)
        {
            fallback = FallbackReasons.InsufficientData;
        }

        if (fallback is null)
        {
            run.AddPersonalCandidates(cart);
        }
        else
        {
            run.AddDefaultCandidates();
        }

        return new RecommendationOutcome(fallback is null, fallback, run.Pick());
    }

    private static int PersonalSignals(DecisionProfile profile)
    {
        var count = (profile.RecentItems?.Count ?? 0) + (profile.PurchasedItemIds?.Count ?? 0);
        foreach (var score in profile.CategoryAffinities?.Values ?? [])
        {
            if (score > 0)
            {
                count++;
            }
        }

        return count;
    }

    private enum Source : byte
    {
        Trending,
        Category,
        Brand,
        Neighbour,
    }

    private enum SeedKind : byte
    {
        None,
        Current,
        Cart,
        Viewed,
        Bought,
    }

    private struct Candidate
    {
        public int Index;
        public double Neighbour;
        public double BestNeighbour;
        public int Seed;
        public SeedKind SeedKind;
        public Source Source;
        public double Score;
        public ReasonKind Reason;
        public int ReasonCategory;
    }

    private enum ReasonKind : byte
    {
        Trending,
        PopularInCategory,
        FavouriteCategory,
        FavouriteBrand,
        LikedBrand,
        Seed,
        Interest,
    }

    /// <summary>The state of one recommendation call.</summary>
    private sealed class Run(Recommender owner, DecisionProfile profile, RecommendationsRequest request, DecisionSnapshot snapshot,
        ItemFilter filter, DateTimeOffset now, int maxPerCategory)
    {
        private readonly RecommenderOptions o = owner.Options;
        private readonly CatalogSnapshot catalog = snapshot.Catalog;
        private readonly SignalIndex signals = snapshot.Signals;
        private readonly Dictionary<int, int> slots = new(256);
        private readonly List<Candidate> candidates = new(256);
        private readonly Dictionary<int, double> categoryAffinity = [];
        private readonly Dictionary<int, double> brandAffinity = [];
        private readonly List<int> favouriteCategories = [];
        private readonly List<int> favouriteBrands = [];
        private int contextCategory = -1;
        private (int Tag, double Multiplier)[]? boosts;

        public void AddPersonalCandidates(IReadOnlyList<string> cart)
        {
            Normalize(profile.CategoryAffinities, catalog.CategoryId, categoryAffinity);
            Normalize(profile.BrandAffinities, catalog.BrandId, brandAffinity);
            AddFavourites();
            AddCurrentItem();

            var cartWeight = request.Slot == "cart" ? 1.0 : 0.6;
            foreach (var itemId in cart.Take(MaxSeeds))
            {
                AddSeed(catalog.IndexOf(itemId), cartWeight, SeedKind.Cart);
            }

            var seeds = 0;
            foreach (var recent in profile.RecentItems ?? [])
            {
                if (seeds++ == MaxSeeds)
                {
                    break;
                }

                var kindWeight = recent.Kind switch
                {
                    InteractionKind.AddToCart => 1.0,
                    InteractionKind.Click => 0.8,
                    InteractionKind.Purchase => 0.5,
                    _ => 0.6,
                };
                AddSeed(catalog.IndexOf(recent.ItemId), kindWeight * Decay.Factor(now - recent.At, o.RecencyHalfLife), SeedKind.Viewed);
            }

            var purchased = profile.PurchasedItemIds ?? [];
            for (var i = purchased.Count - 1; i >= Math.Max(0, purchased.Count - 5); i--)
            {
                AddSeed(catalog.IndexOf(purchased[i]), 0.5, SeedKind.Bought);
            }

            foreach (var (category, _) in TopOf(categoryAffinity, TopAffinityCategories))
            {
                AddList(signals.TopByCategory[category], 25, Source.Category);
            }

            foreach (var (brand, _) in TopOf(brandAffinity, TopAffinityBrands))
            {
                AddList(signals.TopByBrand[brand], 12, Source.Brand);
            }

            AddList(signals.Trending, 30, Source.Trending);
        }

        /// <summary>Non-personal candidates: explicit favourites, the current item's context, and trending.</summary>
        public void AddDefaultCandidates()
        {
            AddFavourites();
            AddCurrentItem();
            AddList(signals.Trending, 100, Source.Trending);
        }

        public IReadOnlyList<RecommendedItem> Pick()
        {
            var span = CollectionsMarshal.AsSpan(candidates);
            for (var i = 0; i < span.Length; i++)
            {
                Score(ref span[i]);
            }

            span.Sort(static (a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.Index.CompareTo(b.Index));
            var count = Math.Clamp(request.Count, 1, 100);
            var result = new List<RecommendedItem>(count);
            var perCategory = new Dictionary<int, int>();
            var chosen = new HashSet<int>();
            foreach (var candidate in candidates)
            {
                if (result.Count == count)
                {
                    break;
                }

                TryTake(candidate, result, perCategory, chosen);
            }

            // Diversity or strict filters left the list short: widen to the most popular items of every category.
            for (var c = 0; c < signals.CategoriesByPopularity.Length && result.Count < count; c++)
            {
                var category = signals.CategoriesByPopularity[c];
                if (filter.IsCategoryExcluded(category) || perCategory.GetValueOrDefault(category) >= maxPerCategory)
                {
                    continue;
                }

                foreach (var index in signals.TopByCategory[category])
                {
                    if (result.Count == count || perCategory.GetValueOrDefault(category) >= maxPerCategory)
                    {
                        break;
                    }

                    if (!chosen.Contains(index) && filter.Allows(index))
                    {
                        var filler = new Candidate { Index = index, Score = o.PopularityWeight * signals.NormalizedPopularity(index), Reason = ReasonKind.PopularInCategory, ReasonCategory = catalog.Items[index].PrimaryCategory };
                        TryTake(filler, result, perCategory, chosen);
                    }
                }
            }

            return result;
        }

        private void TryTake(in Candidate candidate, List<RecommendedItem> result, Dictionary<int, int> perCategory, HashSet<int> chosen)
        {
            var index = candidate.Index;
            var entry = catalog.Items[index];
            var primary = entry.PrimaryCategory;
            var used = perCategory.GetValueOrDefault(primary);
            if (used >= maxPerCategory || !chosen.Add(index))
            {
                return;
            }

            perCategory[primary] = used + 1;
            var item = entry.Item;
            result.Add(new RecommendedItem(item.Id, item.Title, item.Categories, item.Brand, item.Price, Math.Round(candidate.Score, 4), Explain(candidate)));
        }

        private void Score(ref Candidate c)
        {
            ref readonly var hot = ref signals.Hot[c.Index];
            double affinity = 0;
            var affinityCategory = -1;
            var favouriteCategory = -1;
            if (categoryAffinity.Count > 0 || favouriteCategories.Count > 0)
            {
                Consider(hot.Primary, ref affinity, ref affinityCategory, ref favouriteCategory);
                if (hot.Second >= 0)
                {
                    Consider(hot.Second, ref affinity, ref affinityCategory, ref favouriteCategory);
                }

                for (var i = 0; i < hot.ExtraCount; i++)
                {
                    Consider(signals.ExtraCategories[hot.ExtraStart + i], ref affinity, ref affinityCategory, ref favouriteCategory);
                }
            }

            var brand = hot.Brand >= 0 && brandAffinity.Count > 0 ? brandAffinity.GetValueOrDefault(hot.Brand) : 0;
            var favouriteBrand = hot.Brand >= 0 && favouriteBrands.Count > 0 && favouriteBrands.Contains(hot.Brand);
            var popularity = o.PopularityWeight * hot.Popularity;
            var neighbour = o.NeighbourWeight * Math.Min(c.Neighbour, 1.5);
            var affinityPart = o.AffinityWeight * affinity;
            var brandPart = o.BrandWeight * brand;
            var favouriteCategoryPart = favouriteCategory >= 0 ? o.FavouriteCategoryBoost : 0;
            var favouriteBrandPart = favouriteBrand ? o.FavouriteBrandBoost : 0;
            var contextPart = contextCategory >= 0 && hot.HasCategory(contextCategory, signals.ExtraCategories) ? ContextCategoryBoost : 0;
            var multiplier = hot.HasTags ? ContextMultiplier(catalog.Items[c.Index]) : 1;
            c.Score = (affinityPart + brandPart + popularity + neighbour + favouriteCategoryPart + favouriteBrandPart + contextPart) * multiplier;
            var primaryCategory = hot.Primary;

            // The reason names the largest contribution; explicit favourites win ties over inference, and a concrete
            // "because you viewed X" beats a vaguer reason when it carries at least half the weight.
            // Only the kind is recorded here; the text is built for the few items actually returned.
            var best = Math.Max(Math.Max(neighbour, affinityPart), Math.Max(brandPart, popularity));
            c.ReasonCategory = primaryCategory;
            if (favouriteCategoryPart > 0 && favouriteCategoryPart >= best)
            {
                c.Reason = ReasonKind.FavouriteCategory;
                c.ReasonCategory = favouriteCategory;
            }
            else if (favouriteBrandPart > 0 && favouriteBrandPart >= best)
            {
                c.Reason = ReasonKind.FavouriteBrand;
            }
            else if (neighbour > 0 && neighbour >= 0.5 * best)
            {
                c.Reason = ReasonKind.Seed;
            }
            else if (affinityPart > 0 && affinityPart >= best)
            {
                c.Reason = ReasonKind.Interest;
                c.ReasonCategory = affinityCategory;
            }
            else if (brandPart > 0 && brandPart >= best)
            {
                c.Reason = ReasonKind.LikedBrand;
            }
            else if (contextPart > 0)
            {
                c.Reason = ReasonKind.PopularInCategory;
                c.ReasonCategory = contextCategory;
            }
            else
            {
                c.Reason = c.Source == Source.Trending ? ReasonKind.Trending : ReasonKind.PopularInCategory;
            }
        }

        private void Consider(int category, ref double affinity, ref int affinityCategory, ref int favouriteCategory)
        {
            if (categoryAffinity.TryGetValue(category, out var a) && a > affinity)
            {
                affinity = a;
                affinityCategory = category;
            }

            if (favouriteCategory < 0 && favouriteCategories.Contains(category))
            {
                favouriteCategory = category;
            }
        }

        private ItemReason Explain(in Candidate c)
        {
            var entry = catalog.Items[c.Index];
            switch (c.Reason)
            {
                case ReasonKind.FavouriteCategory:
                    var favourite = catalog.CategoryName(c.ReasonCategory);
                    return new ItemReason("favourite_category", $"From your favourite category {favourite}", Category: favourite);
                case ReasonKind.FavouriteBrand:
                    return new ItemReason("favourite_brand", $"From your favourite brand {entry.Item.Brand}");
                case ReasonKind.Seed:
                    return SeedReason(c.SeedKind, catalog.Items[c.Seed].Item);
                case ReasonKind.Interest:
                    var interest = catalog.CategoryName(c.ReasonCategory);
                    return new ItemReason("matches_interest", $"Matches your interest in {interest}", Category: interest);
                case ReasonKind.LikedBrand:
                    return new ItemReason("favourite_brand", $"More from {entry.Item.Brand}, a brand you like");
                case ReasonKind.Trending:
                    return new ItemReason("trending", "Trending now");
                default:
                    return PopularIn(c.ReasonCategory);
            }
        }

        private ItemReason PopularIn(int category)
        {
            var name = catalog.CategoryName(category);
            return new ItemReason("popular_in_category", $"Popular in {name}", Category: name);
        }

        private static ItemReason SeedReason(SeedKind kind, CatalogItem seed) => kind switch
        {
            SeedKind.Current => new ItemReason("similar_to_current", $"Often viewed with {seed.Title}", seed.Id),
            SeedKind.Cart => new ItemReason("because_in_cart", $"Goes with {seed.Title} in your cart", seed.Id),
            SeedKind.Bought => new ItemReason("because_you_bought", $"Because you bought {seed.Title}", seed.Id),
            _ => new ItemReason("because_you_viewed", $"Because you viewed {seed.Title}", seed.Id),
        };

        private double ContextMultiplier(CatalogEntry entry)
        {
            if (entry.Tags.Length == 0)
            {
                return 1;
            }

            boosts ??= ActiveBoosts();
            var multiplier = 1.0;
            foreach (var (tag, factor) in boosts)
            {
                if (Array.IndexOf(entry.Tags, tag) >= 0)
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

        private void AddFavourites()
        {
            foreach (var name in profile.Customization?.FavouriteCategories ?? [])
            {
                var id = catalog.CategoryId(name);
                if (id >= 0 && !favouriteCategories.Contains(id))
                {
                    favouriteCategories.Add(id);
                    AddList(signals.TopByCategory[id], 30, Source.Category);
                }
            }

            foreach (var name in profile.Customization?.FavouriteBrands ?? [])
            {
                var id = catalog.BrandId(name);
                if (id >= 0 && !favouriteBrands.Contains(id))
                {
                    favouriteBrands.Add(id);
                    AddList(signals.TopByBrand[id], 20, Source.Brand);
                }
            }
        }

        private void AddCurrentItem()
        {
            if (request.CurrentItemId is not { } currentId || catalog.Find(currentId) is not { } current)
            {
                return;
            }

            contextCategory = current.PrimaryCategory;
            AddSeed(current.Index, 1.0, SeedKind.Current);
            AddList(signals.TopByCategory[contextCategory], 30, Source.Category);
        }

        private void AddSeed(int seed, double weight, SeedKind kind)
        {
            if (seed < 0 || weight <= 0)
            {
                return;
            }

            var neighbours = signals.NeighboursOf(seed);
            if (neighbours.Length == 0)
            {
                return;
            }

            var max = neighbours[0].Weight;
            var take = Math.Min(neighbours.Length, NeighboursPerSeed);
            for (var i = 0; i < take; i++)
            {
                var neighbour = neighbours[i];
                var slot = Slot(neighbour.Index, Source.Neighbour);
                if (slot < 0)
                {
                    continue;
                }

                ref var candidate = ref CollectionsMarshal.AsSpan(candidates)[slot];
                var contribution = weight * neighbour.Weight / max;
                candidate.Neighbour += contribution;
                if (contribution > candidate.BestNeighbour)
                {
                    candidate.BestNeighbour = contribution;
                    candidate.Seed = seed;
                    candidate.SeedKind = kind;
                }
            }
        }

        private void AddList(int[] items, int limit, Source source)
        {
            var take = Math.Min(items.Length, limit);
            for (var i = 0; i < take; i++)
            {
                Slot(items[i], source);
            }
        }

        /// <summary>The candidate's slot, adding it when it passes the filter; -1 when filtered out.</summary>
        private int Slot(int index, Source source)
        {
            if (slots.TryGetValue(index, out var slot))
            {
                return slot;
            }

            if (!filter.Allows(index))
            {
                slots[index] = -1;
                return -1;
            }

            slot = candidates.Count;
            slots[index] = slot;
            candidates.Add(new Candidate { Index = index, Source = source, Seed = -1 });
            return slot;
        }

        private static void Normalize(IReadOnlyDictionary<string, double>? scores, Func<string, int> lookup, Dictionary<int, double> into)
        {
            if (scores is null || scores.Count == 0)
            {
                return;
            }

            var max = 0.0;
            foreach (var value in scores.Values)
            {
                max = Math.Max(max, value);
            }

            if (max <= 0)
            {
                return;
            }

            foreach (var (name, value) in scores)
            {
                var id = value > 0 ? lookup(name) : -1;
                if (id >= 0)
                {
                    into[id] = Math.Max(into.GetValueOrDefault(id), value / max);
                }
            }
        }

        private static IEnumerable<KeyValuePair<int, double>> TopOf(Dictionary<int, double> scores, int count) =>
            scores.Count <= count ? scores : scores.OrderByDescending(p => p.Value).ThenBy(p => p.Key).Take(count);
    }
}
