using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

public sealed partial class Recommender
{
    private sealed partial class Run
    {
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
    }
}
