using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

public sealed partial class Recommender
{
    private sealed partial class Run
    {
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

        private void Normalize(IReadOnlyDictionary<string, double>? scores, bool brands)
        {
            if (scores is null || scores.Count == 0)
            {
                return;
            }

            var entries = AffinityScores.AsDictionary(scores);
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
