using PersoActors.Bench.Quality;
using Xunit.Abstractions;

namespace PersoActors.Grains.Tests.Decisions;

/// <summary>The short, deterministic version of bench/PersoActors.Bench.Quality: the same protocol on MovieLens
/// (../shared/data/movielens-small beside the clone), every user's training data, a fixed half of the users (even ids)
/// evaluated, on the default split and on an earlier window. A regression guard on the ordering of the systems, not a
/// timing.</summary>
public sealed class MovieLensQualityGuardTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    public void PersoActors_ranks_at_least_as_well_as_item_knn_which_ranks_at_least_as_well_as_popularity(int skipNewest)
    {
        var data = MovieLens.Load(MovieLens.Locate(AppContext.BaseDirectory));

        // Also on an earlier window (each user's newest 20 ratings left out): the defaults were chosen on the latest one.
        var figures = QualityRun.Run(data, evaluate: user => user % 2 == 0, ease: false, cut: new SplitOptions(SkipNewest: skipNewest))
            .ToDictionary(f => f.System);

        foreach (var f in figures.Values)
        {
            output.WriteLine($"{f.System}: NDCG@10 {f.Ndcg:F4}, P@10 {f.Precision:F4}, HR@10 {f.HitRate:F3}, bought {f.Bought:F3} ({f.Users} users)");
        }

        var (persoActors, knn, popularity) = (figures[QualityRun.Personalized], figures[QualityRun.ItemKnnName], figures[QualityRun.PopularityName]);
        Assert.True(persoActors.Users >= 100, $"only {persoActors.Users} users evaluated");
        Assert.True(persoActors.Ndcg >= knn.Ndcg, $"PersoActors NDCG@10 {persoActors.Ndcg:F4} < item-kNN {knn.Ndcg:F4}");
        Assert.True(knn.Ndcg >= popularity.Ndcg, $"item-kNN NDCG@10 {knn.Ndcg:F4} < popularity {popularity.Ndcg:F4}");
        Assert.Equal(0, figures[QualityRun.Personalized].Bought);
        Assert.Equal(0, figures[QualityRun.Fallback].Bought);
    }
}
