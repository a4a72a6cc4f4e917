namespace PersoActors.Bench.Quality;

/// <summary>Top-K accuracy and beyond-accuracy figures of one system over the evaluated users.</summary>
/// <param name="System">The system evaluated.</param>
/// <param name="Users">Users evaluated (those with a relevant held-out item).</param>
/// <param name="Precision">Mean hits / K.</param>
/// <param name="Recall">Mean hits / relevant items.</param>
/// <param name="Ndcg">Mean binary NDCG@K (ideal: every relevant item at the top).</param>
/// <param name="HitRate">Share of users with at least one hit.</param>
/// <param name="Coverage">Distinct items recommended to anyone / items in the catalog.</param>
/// <param name="Consumed">Share of recommended slots holding an item the user rated in training (viewed or bought).</param>
/// <param name="Bought">Share of recommended slots holding an item the user bought in training (must be 0).</param>
public sealed record Figures(string System, int Users, double Precision, double Recall, double Ndcg, double HitRate, double Coverage, double Consumed, double Bought);

/// <summary>Computes <see cref="Figures"/> for one system.</summary>
public static class Metrics
{
    public const int K = 10;

    public static Figures Evaluate(string system, IEnumerable<int> users, Split split, int catalogSize, Func<int, IReadOnlyList<int>> recommend)
    {
        double precision = 0, recall = 0, ndcg = 0, hits = 0;
        long slots = 0, consumed = 0, bought = 0;
        var recommended = new HashSet<int>();
        var evaluated = 0;
        foreach (var user in users)
        {
            var relevant = split.Relevant(user);
            if (relevant.Count == 0)
            {
                continue;
            }

            var seen = split.Training[user].ToDictionary(r => r.Movie, r => r.Stars);
            var list = recommend(user);
            var found = 0;
            double dcg = 0;
            for (var rank = 0; rank < Math.Min(K, list.Count); rank++)
            {
                var movie = list[rank];
                recommended.Add(movie);
                slots++;
                if (seen.TryGetValue(movie, out var stars))
                {
                    consumed++;
                    bought += stars >= Split.RelevantStars ? 1 : 0;
                }

                if (relevant.Contains(movie))
                {
                    found++;
                    dcg += 1 / Math.Log2(rank + 2);
                }
            }

            double ideal = 0;
            for (var rank = 0; rank < Math.Min(K, relevant.Count); rank++)
            {
                ideal += 1 / Math.Log2(rank + 2);
            }

            precision += found / (double)K;
            recall += found / (double)relevant.Count;
            ndcg += dcg / ideal;
            hits += found > 0 ? 1 : 0;
            evaluated++;
        }

        var n = Math.Max(1, evaluated);
        return new Figures(system, evaluated, precision / n, recall / n, ndcg / n, hits / n, recommended.Count / (double)catalogSize,
            consumed / (double)Math.Max(1, slots), bought / (double)Math.Max(1, slots));
    }
}
