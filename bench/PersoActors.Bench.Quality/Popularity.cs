namespace PersoActors.Bench.Quality;

/// <summary>Baseline: the best sellers (most training ratings ≥ 4, ties: most ratings) the user has not rated; or, with
/// <paramref name="boughtOnly"/>, has not bought (what a list without personalization consent may know).</summary>
public sealed class Popularity(Interactions data, bool boughtOnly = false)
{
    private readonly float[] scores = [.. Enumerable.Range(0, data.ItemCount).Select(i => data.Liked[i] + data.Count[i] / 1e4f)];

    public IReadOnlyList<int> Recommend(int user) => data.TopUnseen(user, scores, Metrics.K, boughtOnly);
}
