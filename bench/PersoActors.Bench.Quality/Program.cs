using PersoActors.Bench.Quality;

// Recommendation quality on MovieLens (ml-latest-small by default), every system on the same split in one run.
//
// Protocol
//  - Data: ../shared/data/movielens-small from the repository root (or the directory given as the first argument).
//  - Split: per user, ratings in time order (ties: movie id); the last 10 are held out, the rest is training; users
//    with fewer than 15 ratings are training only. Relevant = held-out movies rated >= 4.
//  - Replay (PersoActors): the whole rating timeline is mapped linearly onto the 210 days before a fixed date
//    (order and relative gaps kept); every user consents to analytics and personalization; each training rating is
//    one event in time order: >= 4 stars a `purchase`, lower a `view`. Profiles, item signals (co-occurrence with the
//    customer's recent items, decayed popularity) and the decision snapshot are built by the same classes the grains
//    run; each evaluated user then asks for 10 `home` recommendations one minute after the last event.
//  - Fallback: the same profiles without personalization consent (purchases still filter).
//  - Baselines, from the same training ratings: popularity = most training ratings >= 4 among movies the user has
//    not rated (and, beside the fallback, among movies the user has not bought: all a non-personalized list may know); item-kNN = cosine between binary rating vectors, 100 neighbours per item, score = sum of
//    similarities to the user's rated movies, rated movies excluded; EASE (Steck 2019) = closed-form item-item linear
//    model with lambda = 500 over the 2,000 most rated movies, rated movies excluded.
//  - Metrics @10 over users with at least one relevant held-out movie: precision, recall, NDCG (binary), hit rate,
//    catalog coverage (distinct movies recommended / movies), consumed = share of slots holding a movie the user
//    rated in training, bought = share holding one rated >= 4 (a purchase; must be 0).
//
// Usage: [data directory] [--subset N:R] [--popularity-half-life DAYS] [--held-out N] [--skip-newest N]
//   --subset evaluates only the users whose id % N == R (the CI guard evaluates 2:0);
//   --popularity-half-life replays with another Decisions:PopularityHalfLife (how the default was chosen);
//   --held-out holds out each user's newest N ratings instead of 10;
//   --skip-newest leaves each user's newest N ratings out before splitting, so an earlier window is evaluated: the
//     defaults were chosen on the default split, and this shows whether they hold on data they were not chosen on.
string? Option(string name) => Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
var subset = Option("--subset")?.Split(':').Select(int.Parse).ToArray();
var decisions = new PersoActors.Grains.Decisions.DecisionOptions();
if (Option("--popularity-half-life") is { } days)
{
    decisions.PopularityHalfLife = TimeSpan.FromDays(double.Parse(days, System.Globalization.CultureInfo.InvariantCulture));
}

int Count(string name, int fallback) => Option(name) is not { } text ? fallback
    : int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n
    : throw new ArgumentException($"{name}: expected a whole number, got '{text}'.");
var cut = new SplitOptions(Count("--held-out", 10), Count("--skip-newest", 0));

var positional = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || !args[i - 1].StartsWith("--", StringComparison.Ordinal))).ToArray();
var directory = MovieLens.Locate(Directory.GetCurrentDirectory(), positional.Length > 0 ? positional[0] : null);
Console.WriteLine($"Data: {directory}");
var data = MovieLens.Load(directory);
Console.WriteLine($"{data.Ratings.Count:N0} ratings, {data.Ratings.Select(r => r.User).Distinct().Count():N0} users, {data.Movies.Count:N0} movies");
Console.WriteLine($"Popularity and co-occurrence half-life: {decisions.PopularityHalfLife.TotalDays:0.#} days");
Console.WriteLine($"Split: each user's newest {cut.HeldOut} ratings held out" + (cut.SkipNewest > 0 ? $", after leaving out the newest {cut.SkipNewest}" : ""));
var figures = QualityRun.Run(data, subset is null ? null : user => user % subset[0] == subset[1], Console.Out, decisions: decisions, cut: cut);
Console.WriteLine();
Console.WriteLine($"Date: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC; machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
Console.WriteLine();
Console.WriteLine("| system | users | P@10 | R@10 | NDCG@10 | HR@10 | coverage | consumed | bought |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var f in figures)
{
    Console.WriteLine($"| {f.System} | {f.Users} | {f.Precision:F4} | {f.Recall:F4} | {f.Ndcg:F4} | {f.HitRate:F3} | {f.Coverage:F3} | {f.Consumed:F3} | {f.Bought:F3} |");
}

var ndcg = figures.ToDictionary(f => f.System, f => f.Ndcg);
Console.WriteLine();
Console.WriteLine($"PersoActors / item-kNN NDCG@10: {ndcg[QualityRun.Personalized] / ndcg[QualityRun.ItemKnnName]:F2}x (target >= 1.10x); " +
    $"/ popularity: {ndcg[QualityRun.Personalized] / ndcg[QualityRun.PopularityName]:F2}x (target >= 1.50x); / EASE: {ndcg[QualityRun.Personalized] / ndcg[QualityRun.EaseName]:F2}x");
