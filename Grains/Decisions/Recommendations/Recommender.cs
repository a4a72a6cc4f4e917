using System.Globalization;
using System.Runtime.InteropServices;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>Ranks items for one customer from a snapshot, in memory, without scanning the catalog:
/// candidates come from co-occurrence neighbours of the current item, cart, recent and purchased items, the most
/// popular items of the customer's affinity and favourite categories and brands, and trending items; the hard
/// <see cref="ItemFilter"/> removes anything excluded; the rest is scored (affinity, popularity, co-occurrence
/// with recency, explicit favourites, context boosts), diversified (at most K per primary category) and explained.</summary>
public sealed partial class Recommender(RecommenderOptions options)
{
    private const int MaxSeeds = 20;
    private const int BoughtSeeds = 5;
    private const int NeighboursPerSeed = 30;
    private const int BoughtNeighboursPerSeed = 10;

    // Tuned on MovieLens (bench/PersoActors.Bench.Quality, docs/quality.md): a recent item's weight as a seed halves
    // every SessionHalfRank newer items, down to LongTermShare of its full weight.
    private const double SessionHalfRank = 5;
    private const double LongTermShare = 0.1;

    // The share of its full weight the i-th newest recent item keeps as a seed, computed once (a pow each per call
    // otherwise).
    private static readonly double[] RecentSeedShares =
        [.. Enumerable.Range(0, MaxSeeds).Select(i => LongTermShare + (1 - LongTermShare) * Math.Pow(2, -i / SessionHalfRank))];

    // A candidate the customer already viewed keeps this share of its score.
    private const double ViewedDemotion = 0.3;

    // Neighbour-only candidates below this share of the strongest neighbour total are not scored.
    private const double WeakNeighbourShare = 0.1;
    private const int TopAffinityCategories = 5;
    private const int TopAffinityBrands = 3;
    private const double ContextCategoryBoost = 0.3;

    private ReasonCache reasons = new(CatalogSnapshot.Empty);

    public RecommenderOptions Options { get; } = options;

    public RecommendationOutcome Recommend(DecisionProfile profile, RecommendationsRequest request, DecisionSnapshot snapshot, DateTimeOffset now,
        IReadOnlyDictionary<string, string>? variantParameters = null)
    {
        var maxPerCategory = variantParameters?.TryGetValue("max_per_category", out var k) == true
            && int.TryParse(k, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed > 0 ? parsed : Options.MaxPerCategory;
        var cart = request.Context?.CartItemIds ?? profile.Facts?.CartItemIds ?? [];

        string? fallback = null;
        if (!profile.PersonalizationConsent)
        {
            fallback = FallbackReasons.NoPersonalizationConsent;
        }
        else if (variantParameters?.GetValueOrDefault("strategy") == "popularity")
        {
            fallback = FallbackReasons.ExperimentVariant;
        }
        else if (PersonalSignals(profile) < Options.MinSignals)
        {
            fallback = FallbackReasons.InsufficientData;
        }

        var cachedReasons = reasons;
        if (!ReferenceEquals(cachedReasons.Catalog, snapshot.Catalog))
        {
            reasons = cachedReasons = new ReasonCache(snapshot.Catalog);
        }

        var run = Run.Rent();
        try
        {
            run.Begin(Options, profile, request, snapshot, cachedReasons, cart, now, maxPerCategory);
            if (fallback is null)
            {
                run.AddPersonalCandidates();
            }
            else
            {
                run.AddDefaultCandidates();
            }

            return new RecommendationOutcome(fallback is null, fallback, run.Pick());
        }
        finally
        {
            Run.Return(run);
        }
    }

    private static int PersonalSignals(DecisionProfile profile)
    {
        var count = (profile.RecentItems?.Count ?? 0) + (profile.PurchasedItemIds?.Count ?? 0);
        if (profile.CategoryAffinities is { } affinities)
        {
            foreach (var score in AffinityScores.AsDictionary(affinities).Values)
            {
                if (score > 0)
                {
                    count++;
                }
            }
        }

        return count;
    }


    private enum Source : byte
    {
        Trending,
        Category,
        Brand,
        Neighbour,
    }

    private enum SeedKind : byte
    {
        None,
        Current,
        Cart,
        Viewed,
        Bought,
    }

    private enum ReasonKind : byte
    {
        Trending,
        PopularInCategory,
        FavouriteCategory,
        FavouriteBrand,
        LikedBrand,
        Seed,
        Interest,
    }

    private struct Candidate
    {
        public int Index;
        public int Seed;
        public int ReasonCategory;
        public SeedKind SeedKind;
        public Source Source;
        public ReasonKind Reason;
        public double Neighbour;
        public double BestNeighbour;
        public bool Viewed;
        public double Score;
    }
}
