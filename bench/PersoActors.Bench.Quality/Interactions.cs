namespace PersoActors.Bench.Quality;

/// <summary>The training split as a binary user × item matrix over dense item indexes, for the baselines.</summary>
public sealed class Interactions
{
    public Interactions(MovieLens data, Split split)
    {
        MovieIds = [.. data.Movies.Keys.Union(data.Ratings.Select(r => r.Movie)).Order()];
        var index = new Dictionary<int, int>(MovieIds.Length);
        for (var i = 0; i < MovieIds.Length; i++)
        {
            index[MovieIds[i]] = i;
        }

        IndexOf = index;
        ItemsOf = split.Training.ToDictionary(p => p.Key, p => p.Value.Select(r => index[r.Movie]).Distinct().Order().ToArray());
        BoughtBy = split.Training.ToDictionary(p => p.Key, p => p.Value.Where(r => r.Stars >= Split.RelevantStars).Select(r => index[r.Movie]).Distinct().Order().ToArray());
        var users = new List<int>[MovieIds.Length];
        Count = new int[MovieIds.Length];
        Liked = new int[MovieIds.Length];
        foreach (var (user, ratings) in split.Training)
        {
            foreach (var r in ratings)
            {
                var i = index[r.Movie];
                Count[i]++;
                Liked[i] += r.Stars >= Split.RelevantStars ? 1 : 0;
            }

            foreach (var i in ItemsOf[user])
            {
                (users[i] ??= []).Add(user);
            }
        }

        UsersOf = users.Select(u => u?.ToArray() ?? []).ToArray();
    }

    /// <summary>Movie id by item index.</summary>
    public int[] MovieIds { get; }

    public IReadOnlyDictionary<int, int> IndexOf { get; }

    /// <summary>Distinct training items per user, ascending.</summary>
    public IReadOnlyDictionary<int, int[]> ItemsOf { get; }

    /// <summary>Distinct training items rated ≥ 4 ("bought") per user, ascending.</summary>
    public IReadOnlyDictionary<int, int[]> BoughtBy { get; }

    /// <summary>Users who rated each item in training.</summary>
    public int[][] UsersOf { get; }

    /// <summary>Training ratings per item.</summary>
    public int[] Count { get; }

    /// <summary>Training ratings ≥ 4 per item ("purchases").</summary>
    public int[] Liked { get; }

    public int ItemCount => MovieIds.Length;

    /// <summary>The best <paramref name="k"/> items by score that the user has not rated in training (ties: lower index);
    /// with <paramref name="boughtOnly"/>, only the items the user bought are left out.</summary>
    public IReadOnlyList<int> TopUnseen(int user, ReadOnlySpan<float> scores, int k, bool boughtOnly = false)
    {
        var seen = boughtOnly ? BoughtBy[user] : ItemsOf[user];
        var best = new List<(float Score, int Item)>(k + 1);
        for (var i = 0; i < scores.Length; i++)
        {
            var s = scores[i];
            if (s <= 0 || (best.Count == k && s <= best[^1].Score) || Array.BinarySearch(seen, i) >= 0)
            {
                continue;
            }

            var at = best.Count;
            while (at > 0 && best[at - 1].Score < s)
            {
                at--;
            }

            best.Insert(at, (s, i));
            if (best.Count > k)
            {
                best.RemoveAt(k);
            }
        }

        return best.Select(b => MovieIds[b.Item]).ToArray();
    }
}
