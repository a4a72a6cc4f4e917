using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

public sealed partial class Recommender
{
    /// <summary>The working state of one recommendation call, reused by the next call on the same thread so the hot
    /// path allocates little more than the response. A call goes in phases, each a tight loop over compact arrays:
    /// collect candidate indexes (neighbour lists, top lists) without touching item data; load every candidate's
    /// <see cref="HotItem"/> in one loop of independent reads, so the CPU overlaps the cache misses instead of taking
    /// them one after another; filter and score from those copies; select the best with a heap (no full sort);
    /// explain only the items returned.</summary>
    private sealed class Run
    {
        [ThreadStatic]
        private static Run? cached;

        private readonly CandidateTable table = new();
        private Candidate[] candidates = new Candidate[512];
        private HotItem[] loaded = new HotItem[512];
        private (double Score, int Index, int Slot)[] ranked = new (double, int, int)[512];
        private int candidateCount;

        // Per category / brand id: normalized affinity and whether it is an explicit favourite. Indexed arrays instead
        // of dictionaries (scoring asks for every category of every candidate); the touched ids are reset afterwards.
        private double[] categoryAffinity = [];
        private bool[] favouriteCategory = [];
        private double[] brandAffinity = [];
        private bool[] favouriteBrand = [];
        private readonly List<int> affinityCategories = [];
        private readonly List<int> favouriteCategories = [];
        private readonly List<int> affinityBrands = [];
        private readonly List<int> favouriteBrands = [];
        private readonly List<(int Category, int Count)> perCategory = [];
        private readonly List<int> chosen = [];
        private readonly List<Candidate> winners = [];
        private readonly List<int> purchasedIndexes = [];
        private readonly List<int> cartIndexes = [];
        private readonly List<int> recentIndexes = [];
        private int[] blockedIndexes = new int[64];
        private int currentIndex;
        private int warmed;
        private double neighbourScale;
        private uint[] viewed = [];

        private RecommenderOptions o = null!;
        private DecisionProfile profile = null!;
        private RecommendationsRequest request = null!;
        private CatalogSnapshot catalog = null!;
        private ReasonCache reasons = null!;
        private SignalIndex signals = null!;
        private ItemFilter filter = null!;
        private DateTimeOffset now;
        private int maxPerCategory;
        private int contextCategory;
        private (int Tag, double Multiplier)[]? boosts;

        public static Run Rent()
        {
            var run = cached ?? new Run();
            cached = null;
            return run;
        }

        public static void Return(Run run)
        {
            run.Reset();
            cached = run;
        }

        public void Begin(RecommenderOptions options, DecisionProfile profile, RecommendationsRequest request, DecisionSnapshot snapshot,
            ReasonCache reasons, IReadOnlyList<string> cart, DateTimeOffset now, int maxPerCategory)
        {
            o = options;
            this.profile = profile;
            this.request = request;
            catalog = snapshot.Catalog;
            this.reasons = reasons;
            signals = snapshot.Signals;

            // Each id is looked up once (purchases feed both the filter and the seeds).
            Resolve(profile.PurchasedItemIds, purchasedIndexes);
            Resolve(cart, cartIndexes);
            currentIndex = request.CurrentItemId is { } currentId ? catalog.IndexOf(currentId) : -1;
            var blockedCount = purchasedIndexes.Count + cartIndexes.Count + 1;
            if (blockedIndexes.Length < blockedCount)
            {
                blockedIndexes = new int[blockedCount];
            }

            for (var i = 0; i < purchasedIndexes.Count; i++)
            {
                var index = purchasedIndexes[i];
                blockedIndexes[i] = index >= 0 && catalog.Items[index].Item.Repeatable ? -1 : index;
            }

            cartIndexes.CopyTo(blockedIndexes, purchasedIndexes.Count);
            blockedIndexes[blockedCount - 1] = currentIndex;
            filter = new ItemFilter(catalog, signals, profile.Customization, blockedIndexes.AsSpan(0, blockedCount), profile.PurchasedItemHashes);
            viewed = ItemFilter.Sorted(profile.ViewedItemHashes);

            // Blocked items take a slot of -1 in the table, so they never become candidates and scoring can skip the
            // filter's blocked-item check.
            foreach (var index in blockedIndexes.AsSpan(0, blockedCount))
            {
                if (index >= 0)
                {
                    table.GetOrAdd(index, -1, out _);
                }
            }
            this.now = now;
            this.maxPerCategory = maxPerCategory;
            contextCategory = -1;
            boosts = null;
            if (categoryAffinity.Length < catalog.CategoryCount)
            {
                categoryAffinity = new double[catalog.CategoryCount];
                favouriteCategory = new bool[catalog.CategoryCount];
            }

            if (brandAffinity.Length < catalog.BrandCount)
            {
                brandAffinity = new double[catalog.BrandCount];
                favouriteBrand = new bool[catalog.BrandCount];
            }
        }

        public void AddPersonalCandidates()
        {
            Normalize(profile.CategoryAffinities, brands: false);
            Normalize(profile.BrandAffinities, brands: true);
            AddFavourites();

            // Every seed id is resolved, and every seed's neighbour list read, before any list is walked: each of these
            // is a cache miss (often several in a chain), and issued back to back they overlap instead of queueing.
            var recentItems = profile.RecentItems ?? [];
            var recentCount = Math.Min(recentItems.Count, MaxSeeds);
            for (var i = 0; i < recentCount; i++)
            {
                recentIndexes.Add(catalog.IndexOf(recentItems[i].ItemId));
            }

            var boughtSeeds = Math.Min(purchasedIndexes.Count, BoughtSeeds);
            Span<int> seeds = stackalloc int[1 + 2 * MaxSeeds + BoughtSeeds];
            var seedCount = 0;
            seeds[seedCount++] = currentIndex;
            for (var i = 0; i < cartIndexes.Count && i < MaxSeeds; i++)
            {
                seeds[seedCount++] = cartIndexes[i];
            }

            for (var i = 0; i < recentCount; i++)
            {
                seeds[seedCount++] = recentIndexes[i];
            }

            for (var i = 0; i < boughtSeeds; i++)
            {
                seeds[seedCount++] = purchasedIndexes[i];
            }

            Span<int> scratch = stackalloc int[seeds.Length];
            warmed += signals.TouchNeighbours(seeds[..seedCount], scratch);

            AddCurrentItem();
            var cartWeight = request.Slot == "cart" ? 1.0 : 0.6;
            for (var i = 0; i < cartIndexes.Count && i < MaxSeeds; i++)
            {
                AddSeed(cartIndexes[i], cartWeight, SeedKind.Cart);
            }

            // Session intent and long-term taste both count: a seed's weight halves every SessionHalfRank newer items
            // (rank, not clock time: the customer's latest interests stay their latest after a month away), down to a
            // floor instead of to zero.
            for (var i = 0; i < recentCount; i++)
            {
                var recent = recentItems[i];
                var kindWeight = recent.Kind switch
                {
                    InteractionKind.Purchase => 1.0,
                    InteractionKind.AddToCart => 0.8,
                    InteractionKind.Click => 0.5,
                    _ => 0.3,
                };
                AddSeed(recentIndexes[i], kindWeight * RecentSeedShares[i], recent.Kind == InteractionKind.Purchase ? SeedKind.Bought : SeedKind.Viewed);
            }

            // Purchases older than the recent items still say something about taste.
            for (var i = 0; i < boughtSeeds; i++)
            {
                if (!recentIndexes.Contains(purchasedIndexes[i]))
                {
                    AddSeed(purchasedIndexes[i], LongTermShare, SeedKind.Bought, BoughtNeighboursPerSeed);
                }
            }

            Span<int> top = stackalloc int[TopAffinityCategories];
            foreach (var category in TopOf(affinityCategories, categoryAffinity, top))
            {
                AddList(signals.TopByCategory[category], 25, Source.Category);
            }

            foreach (var brand in TopOf(affinityBrands, brandAffinity, top[..TopAffinityBrands]))
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
            var hot = signals.Hot;
            var n = candidateCount;
            if (loaded.Length < n)
            {
                loaded = new HotItem[candidates.Length];
                ranked = new (double, int, int)[candidates.Length];
            }

            var strongest = 0.0;
            for (var i = 0; i < n; i++)
            {
                strongest = Math.Max(strongest, candidates[i].Neighbour);
            }

            // Many seeds reach hundreds of neighbours, most with a weak total; loading their item data (a cache miss
            // each) would cost more than everything else. A neighbour-only candidate this far behind cannot make the
            // list on its other merits, which the top lists cover anyway.
            neighbourScale = strongest > 0 ? 1 / strongest : 0;
            var floor = strongest * WeakNeighbourShare;
            var kept = 0;
            for (var i = 0; i < n; i++)
            {
                if (candidates[i].Source != Source.Neighbour || candidates[i].Neighbour >= floor)
                {
                    candidates[kept++] = candidates[i];
                }
            }

            n = kept;

            // Independent loads: the out-of-order core keeps several of these cache misses in flight at once.
            for (var i = 0; i < n; i++)
            {
                loaded[i] = hot[candidates[i].Index];
            }

            var allowed = 0;
            for (var i = 0; i < n; i++)
            {
                ref var candidate = ref candidates[i];
                if (filter.AllowsUnblocked(in loaded[i], candidate.Index))
                {
                    candidate.Score = ScoreOf(in candidate, in loaded[i]);
                    ranked[allowed++] = (candidate.Score, candidate.Index, i);
                }
            }

            // Bought and viewed items are looked up only for the candidates that reach the top (a binary search and a
            // cache miss each): a bought one is skipped, a viewed one demoted and put back in the running.
            var count = Math.Clamp(request.Count, 1, 100);
            var heap = new RankHeap(ranked.AsSpan(0, allowed));
            while (winners.Count < count && heap.TryPop(out var slot))
            {
                ref var candidate = ref candidates[slot];
                if (filter.IsBought(candidate.Index))
                {
                    continue;
                }

                if (!candidate.Viewed && viewed.Length > 0 && Array.BinarySearch(viewed, signals.IdHashes[candidate.Index]) >= 0)
                {
                    candidate.Viewed = true;
                    candidate.Score *= ViewedDemotion;
                    heap.Push((candidate.Score, candidate.Index, slot));
                    continue;
                }

                if (CanTake(candidate.Index, loaded[slot].Primary))
                {
                    Explain(ref candidate, in loaded[slot]);
                    Take(in candidate, loaded[slot].Primary);
                }
            }

            // Diversity or strict filters left the list short: widen to the most popular items of every category.
            for (var c = 0; c < signals.CategoriesByPopularity.Length && winners.Count < count; c++)
            {
                var category = signals.CategoriesByPopularity[c];
                if (filter.IsCategoryExcluded(category) || Used(category) >= maxPerCategory)
                {
                    continue;
                }

                foreach (var index in signals.TopByCategory[category])
                {
                    if (winners.Count == count || Used(category) >= maxPerCategory)
                    {
                        break;
                    }

                    if (!chosen.Contains(index) && filter.Allows(index) && CanTake(index, hot[index].Primary))
                    {
                        var primary = hot[index].Primary;
                        var filler = new Candidate { Index = index, Seed = -1, Score = o.PopularityWeight * signals.NormalizedPopularity(index), Reason = ReasonKind.PopularInCategory, ReasonCategory = primary };
                        Take(in filler, primary);
                    }
                }
            }

            return Materialize();
        }

        /// <summary>Builds the response items. The records are first read in one loop of independent loads, so their
        /// cache misses overlap instead of queueing behind each allocation.</summary>
        private RecommendedItem[] Materialize()
        {
            var records = catalog.Records;
            var touched = 0;
            foreach (var winner in winners)
            {
                touched += records[winner.Index].Title.Length;
            }

            warmed = touched;

            var result = new RecommendedItem[winners.Count];
            for (var i = 0; i < result.Length; i++)
            {
                var winner = winners[i];
                var item = records[winner.Index];
                result[i] = new RecommendedItem(item.Id, item.Title, item.Categories, item.Brand, item.Price, Math.Round(winner.Score, 4), Reason(in winner));
            }

            return result;
        }

        private void Reset()
        {
            table.Clear();
            candidateCount = 0;
            foreach (var id in affinityCategories)
            {
                categoryAffinity[id] = 0;
            }

            foreach (var id in favouriteCategories)
            {
                favouriteCategory[id] = false;
            }

            foreach (var id in affinityBrands)
            {
                brandAffinity[id] = 0;
            }

            foreach (var id in favouriteBrands)
            {
                favouriteBrand[id] = false;
            }

            affinityCategories.Clear();
            favouriteCategories.Clear();
            affinityBrands.Clear();
            favouriteBrands.Clear();
            perCategory.Clear();
            chosen.Clear();
            winners.Clear();
            purchasedIndexes.Clear();
            cartIndexes.Clear();
            recentIndexes.Clear();
            (o, profile, request, catalog, reasons, signals, filter, boosts) = (null!, null!, null!, null!, null!, null!, null!, null);
            viewed = [];
        }

        private int Used(int category)
        {
            foreach (var (c, used) in perCategory)
            {
                if (c == category)
                {
                    return used;
                }
            }

            return 0;
        }

        private bool CanTake(int index, int primary) => Used(primary) < maxPerCategory && !chosen.Contains(index);

        private void Take(in Candidate candidate, int primary)
        {
            var used = Used(primary);
            chosen.Add(candidate.Index);
            winners.Add(candidate);
            if (used == 0)
            {
                perCategory.Add((primary, 1));
            }
            else
            {
                for (var i = 0; i < perCategory.Count; i++)
                {
                    if (perCategory[i].Category == primary)
                    {
                        perCategory[i] = (primary, used + 1);
                    }
                }
            }
        }

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

        private void AddFavourites()
        {
            foreach (var name in profile.Customization?.FavouriteCategories ?? [])
            {
                var id = catalog.CategoryId(name);
                if (id >= 0 && !favouriteCategory[id])
                {
                    favouriteCategory[id] = true;
                    favouriteCategories.Add(id);
                    AddList(signals.TopByCategory[id], 30, Source.Category);
                }
            }

            foreach (var name in profile.Customization?.FavouriteBrands ?? [])
            {
                var id = catalog.BrandId(name);
                if (id >= 0 && !favouriteBrand[id])
                {
                    favouriteBrand[id] = true;
                    favouriteBrands.Add(id);
                    AddList(signals.TopByBrand[id], 20, Source.Brand);
                }
            }
        }

        private void AddCurrentItem()
        {
            var current = currentIndex;
            if (current < 0)
            {
                return;
            }

            contextCategory = signals.Hot[current].Primary;
            AddSeed(current, 1.0, SeedKind.Current);
            AddList(signals.TopByCategory[contextCategory], 30, Source.Category);
        }

        private void AddSeed(int seed, double weight, SeedKind kind, int maxNeighbours = NeighboursPerSeed)
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

            var take = Math.Min(neighbours.Length, maxNeighbours);
            for (var i = 0; i < take; i++)
            {
                var neighbour = neighbours[i];
                var slot = Slot(neighbour.Index, Source.Neighbour);
                if (slot < 0)
                {
                    continue;
                }

                ref var candidate = ref candidates[slot];
                var contribution = weight * neighbour.Weight;
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

        /// <summary>The candidate's slot, added on first sight (-1 for a blocked item); the rest of the filter runs later,
        /// over all candidates at once.</summary>
        private int Slot(int index, Source source)
        {
            var slot = table.GetOrAdd(index, candidateCount, out var added);
            if (added)
            {
                if (candidateCount == candidates.Length)
                {
                    Array.Resize(ref candidates, candidates.Length * 2);
                }

                candidates[candidateCount++] = new Candidate { Index = index, Source = source, Seed = -1 };
            }

            return slot;
        }

        private void Resolve(IReadOnlyList<string>? ids, List<int> into)
        {
            if (ids is null)
            {
                return;
            }

            for (var i = 0; i < ids.Count; i++)
            {
                into.Add(catalog.IndexOf(ids[i]));
            }
        }

        private void Normalize(IReadOnlyDictionary<string, double>? scores, bool brands)
        {
            if (scores is null || scores.Count == 0)
            {
                return;
            }

            // The profile builder makes Dictionaries; enumerated as one, no enumerator is boxed per loop.
            var entries = scores as Dictionary<string, double> ?? new Dictionary<string, double>(scores);
            var max = 0.0;
            foreach (var (_, value) in entries)
            {
                max = Math.Max(max, value);
            }

            if (max <= 0)
            {
                return;
            }

            var (into, touched) = brands ? (brandAffinity, affinityBrands) : (categoryAffinity, affinityCategories);
            foreach (var (name, value) in entries)
            {
                var id = value > 0 ? brands ? catalog.BrandId(name) : catalog.CategoryId(name) : -1;
                if (id >= 0)
                {
                    if (into[id] == 0)
                    {
                        touched.Add(id);
                    }

                    into[id] = Math.Max(into[id], value / max);
                }
            }
        }

        /// <summary>The ids with the highest values (ties: lower id), best first; all of them, in the order they were
        /// added, when there are no more than requested.</summary>
        private static ReadOnlySpan<int> TopOf(List<int> ids, double[] values, Span<int> into)
        {
            if (ids.Count <= into.Length)
            {
                ids.CopyTo(into);
                return into[..ids.Count];
            }

            for (var k = 0; k < into.Length; k++)
            {
                var best = -1;
                foreach (var id in ids)
                {
                    if (into[..k].Contains(id))
                    {
                        continue;
                    }

                    if (best < 0 || values[id] > values[best] || (values[id] == values[best] && id < best))
                    {
                        best = id;
                    }
                }

                into[k] = best;
            }

            return into;
        }
    }
}
