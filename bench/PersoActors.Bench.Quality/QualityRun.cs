using System.Diagnostics;
using PersoActors.Grains.Decisions;

namespace PersoActors.Bench.Quality;

/// <summary>Every system on the same split, in one run.</summary>
public static class QualityRun
{
    public const string Personalized = "PersoActors, personalized";
    public const string Fallback = "PersoActors fallback (no consent)";
    public const string PopularityName = "popularity (unseen best sellers)";
    public const string PopularityUnboughtName = "popularity, only bought items left out";
    public const string ItemKnnName = "item-kNN (cosine, 100 neighbours)";
    public const string EaseName = "EASE (λ = 500, 2,000 most rated items)";

    /// <summary>Figures of every system over the users <paramref name="evaluate"/> selects (all users' training data
    /// feeds every system either way); <paramref name="ease"/> adds the EASE baseline (a few seconds more);
    /// <paramref name="decisions"/> overrides the decision settings (defaults: what a silo runs); <paramref name="cut"/>
    /// how the split is cut (defaults: the newest 10 ratings per user held out).</summary>
    public static IReadOnlyList<Figures> Run(MovieLens data, Func<int, bool>? evaluate = null, TextWriter? log = null, bool ease = true,
        DecisionOptions? decisions = null, SplitOptions? cut = null)
    {
        var clock = Stopwatch.StartNew();
        var split = Split.Of(data.Ratings, cut);
        var users = split.HeldOut.Keys.Where(evaluate ?? (_ => true)).Order().ToArray();
        var interactions = new Interactions(data, split);
        var catalogSize = data.Movies.Count;
        log?.WriteLine($"split: {split.Training.Count} users, {split.HeldOut.Count} with held-out ratings, {users.Length} evaluated ({clock.ElapsedMilliseconds} ms)");

        var replay = new PersoActorsReplay(data, split, decisions);
        log?.WriteLine($"PersoActors replay: profiles, item signals and snapshot built ({clock.ElapsedMilliseconds} ms)");
        var popularity = new Popularity(interactions);
        var unbought = new Popularity(interactions, boughtOnly: true);
        var knn = new ItemKnn(interactions);
        var easeModel = ease ? new Ease(interactions) : null;
        log?.WriteLine($"baselines trained ({clock.ElapsedMilliseconds} ms)");

        var figures = new List<Figures>
        {
            Metrics.Evaluate(Personalized, users, split, catalogSize, u => replay.Recommend(u, consent: true)),
            Metrics.Evaluate(Fallback, users, split, catalogSize, u => replay.Recommend(u, consent: false)),
            Metrics.Evaluate(PopularityName, users, split, catalogSize, popularity.Recommend),
            Metrics.Evaluate(PopularityUnboughtName, users, split, catalogSize, unbought.Recommend),
            Metrics.Evaluate(ItemKnnName, users, split, catalogSize, knn.Recommend),
        };
        if (easeModel is not null)
        {
            figures.Add(Metrics.Evaluate(EaseName, users, split, catalogSize, easeModel.Recommend));
        }

        log?.WriteLine($"evaluated ({clock.ElapsedMilliseconds} ms)");
        return figures;
    }
}
