namespace PersoActors.Bench.Quality;

/// <summary>Baseline: the best sellers (most training ratings ≥ 4, ties: most ratings) the user has not rated.</summary>
public sealed class Popularity(Interactions data)
{
    private readonly float[] scores = [.. Enumerable.Range(0, data.ItemCount).Select(i => data.Liked[i] + data.Count[i] / 1e4f)];

    public IReadOnlyList<int> Recommend(int user) => data.TopUnseen(user, scores, Metrics.K);
}
