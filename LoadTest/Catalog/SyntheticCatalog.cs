namespace PersoActors.LoadTest.Catalog;

/// <summary>A generated catalog with, per top-level category, a Zipf popularity sampler (exponent 1.1):
/// a few items get most of the views, as on real sites.</summary>
public sealed class SyntheticCatalog
{
    private const double ZipfExponent = 1.1;

    private readonly Dictionary<string, CatalogItem[]> _byCategory;
    private readonly Dictionary<string, double[]> _cumulative;
    private readonly Dictionary<string, CatalogItem> _byId;

    public SyntheticCatalog(IReadOnlyList<CatalogItem> items)
    {
        Items = items;
        _byId = items.ToDictionary(i => i.ItemId);
        _byCategory = items.GroupBy(i => i.Categories[0])
            .ToDictionary(g => g.Key, g => g.OrderBy(i => i.PopularityRank).ToArray());
        _cumulative = _byCategory.ToDictionary(kv => kv.Key, kv => Cumulative(kv.Value.Length));
        Categories = [.. _byCategory.Keys.Order(StringComparer.Ordinal)];
    }

    public IReadOnlyList<CatalogItem> Items { get; }

    public IReadOnlyList<string> Categories { get; }

    public CatalogItem? Find(string itemId) => _byId.GetValueOrDefault(itemId);

    /// <summary>An item of <paramref name="category"/>, popular ones more likely.</summary>
    public CatalogItem Pick(string category, Random random)
    {
        var items = _byCategory[category];
        var cdf = _cumulative[category];
        var index = Array.BinarySearch(cdf, random.NextDouble());
        return items[Math.Min(index < 0 ? ~index : index, items.Length - 1)];
    }

    private static double[] Cumulative(int n)
    {
        var weights = Enumerable.Range(1, n).Select(rank => 1.0 / Math.Pow(rank, ZipfExponent)).ToArray();
        var total = weights.Sum();
        var cdf = new double[n];
        var running = 0.0;
        for (var i = 0; i < n; i++)
        {
            running += weights[i] / total;
            cdf[i] = running;
        }

        return cdf;
    }
}
