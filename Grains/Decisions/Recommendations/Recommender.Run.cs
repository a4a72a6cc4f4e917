using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

public sealed partial class Recommender
{
    /// <summary>The working state of one recommendation call, reused by the next call on the same thread so the hot
    /// path allocates little more than the response. A call goes in phases, each a tight loop over compact arrays:
    /// collect candidate indexes (neighbour lists, top lists) without touching item data; load every candidate's
    /// <see cref="HotItem"/> in one loop of independent reads, so the CPU overlaps the cache misses instead of taking
    /// them one after another; filter and score from those copies; select the best with a heap (no full sort);
    /// explain only the items returned.</summary>
    private sealed partial class Run
    {
        [ThreadStatic]
        private static Run? cached;

        private readonly CandidateTable table = new();
        private Candidate[] candidates = new Candidate[512];
        private HotItem[] loaded = new HotItem[512];
        private (double Score, int Index, int Slot)[] ranked = new (double, int, int)[512];
        private int candidateCount;

        // Per category / brand id: normalized affinity and whether it is an explicit favourite. Indexed arrays instead
        // of dictionaries (scoring asks for every category of every candidate); the touched ids are reset afterwards.
        private double[] categoryAffinity = [];
        private bool[] favouriteCategory = [];
        private double[] brandAffinity = [];
        private bool[] favouriteBrand = [];
        private readonly List<int> affinityCategories = [];
        private readonly List<int> favouriteCategories = [];
        private readonly List<int> affinityBrands = [];
        private readonly List<int> favouriteBrands = [];
        private readonly List<(int Category, int Count)> perCategory = [];
        private readonly List<int> chosen = [];
        private readonly List<Candidate> winners = [];
        private readonly List<int> purchasedIndexes = [];
        private readonly List<int> cartIndexes = [];
        private readonly List<int> recentIndexes = [];
        private int[] blockedIndexes = new int[64];
        private int currentIndex;
        private int warmed;
        private double neighbourScale;
        private uint[] viewed = [];

        private RecommenderOptions o = null!;
        private DecisionProfile profile = null!;
        private RecommendationsRequest request = null!;
        private CatalogSnapshot catalog = null!;
        private ReasonCache reasons = null!;
        private SignalIndex signals = null!;
        private ItemFilter filter = null!;
        private DateTimeOffset now;
        private int maxPerCategory;
        private int contextCategory;
        private (int Tag, double Multiplier)[]? boosts;

        public static Run Rent()
        {
            var run = cached ?? new Run();
            cached = null;
            return run;
        }

        public static void Return(Run run)
        {
            run.Reset();
            cached = run;
        }

        public void Begin(RecommenderOptions options, DecisionProfile profile, RecommendationsRequest request, DecisionSnapshot snapshot,
            ReasonCache reasons, IReadOnlyList<string> cart, DateTimeOffset now, int maxPerCategory)
        {
            o = options;
            this.profile = profile;
            this.request = request;
            catalog = snapshot.Catalog;
            this.reasons = reasons;
            signals = snapshot.Signals;

            // Each id is looked up once (purchases feed both the filter and the seeds).
            Resolve(profile.PurchasedItemIds, purchasedIndexes);
            Resolve(cart, cartIndexes);
            currentIndex = request.CurrentItemId is { } currentId ? catalog.IndexOf(currentId) : -1;
            var blockedCount = purchasedIndexes.Count + cartIndexes.Count + 1;
            if (blockedIndexes.Length < blockedCount)
            {
                blockedIndexes = new int[blockedCount];
            }

            for (var i = 0; i < purchasedIndexes.Count; i++)
            {
                var index = purchasedIndexes[i];
                blockedIndexes[i] = index >= 0 && catalog.Items[index].Item.Repeatable ? -1 : index;
            }

            cartIndexes.CopyTo(blockedIndexes, purchasedIndexes.Count);
            blockedIndexes[blockedCount - 1] = currentIndex;
            filter = new ItemFilter(catalog, signals, profile.Customization, blockedIndexes.AsSpan(0, blockedCount), profile.PurchasedItemHashes);
            viewed = ItemFilter.Sorted(profile.ViewedItemHashes);

            // Blocked items take a slot of -1 in the table, so they never become candidates and scoring can skip the
            // filter's blocked-item check.
            foreach (var index in blockedIndexes.AsSpan(0, blockedCount))
            {
                if (index >= 0)
                {
                    table.GetOrAdd(index, -1, out _);
                }
            }
            this.now = now;
            this.maxPerCategory = maxPerCategory;
            contextCategory = -1;
            boosts = null;
            if (categoryAffinity.Length < catalog.CategoryCount)
            {
                categoryAffinity = new double[catalog.CategoryCount];
                favouriteCategory = new bool[catalog.CategoryCount];
            }

            if (brandAffinity.Length < catalog.BrandCount)
            {
                brandAffinity = new double[catalog.BrandCount];
                favouriteBrand = new bool[catalog.BrandCount];
            }
        }

        private void Reset()
        {
            table.Clear();
            candidateCount = 0;
            foreach (var id in affinityCategories)
            {
                categoryAffinity[id] = 0;
            }

            foreach (var id in favouriteCategories)
            {
                favouriteCategory[id] = false;
            }

            foreach (var id in affinityBrands)
            {
                brandAffinity[id] = 0;
            }

            foreach (var id in favouriteBrands)
            {
                favouriteBrand[id] = false;
            }

            affinityCategories.Clear();
            favouriteCategories.Clear();
            affinityBrands.Clear();
            favouriteBrands.Clear();
            perCategory.Clear();
            chosen.Clear();
            winners.Clear();
            purchasedIndexes.Clear();
            cartIndexes.Clear();
            recentIndexes.Clear();
            (o, profile, request, catalog, reasons, signals, filter, boosts) = (null!, null!, null!, null!, null!, null!, null!, null);
            viewed = [];
        }

        private void Resolve(IReadOnlyList<string>? ids, List<int> into)
        {
            if (ids is null)
            {
                return;
            }

            for (var i = 0; i < ids.Count; i++)
            {
                into.Add(catalog.IndexOf(ids[i]));
            }
        }
    }
}
