using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>A co-occurrence neighbour resolved to a catalog index.</summary>
public readonly record struct Neighbour(int Index, float Weight);

/// <summary>Item signals joined with one catalog snapshot: popularity per item and per category, trending
/// items, the most popular in-stock items per category and brand, and co-occurrence neighbours, all by catalog
/// index. Built off the hot path whenever the catalog or the signals change.</summary>
public sealed class SignalIndex
{
    public const int TrendingSize = 300;
    public const int TopPerCategory = 200;
    public const int TopPerBrand = 100;

    private static readonly Neighbour[] NoNeighbours = [];

    private SignalIndex(long version, float[] popularity, double maxPopularity, double[] categoryPopularity, int[] trending,
        int[][] topByCategory, int[][] topByBrand, Neighbour[]?[] neighbours)
    {
        CategoriesByPopularity = Enumerable.Range(0, categoryPopularity.Length)
            .OrderByDescending(c => categoryPopularity[c]).ThenBy(c => c).ToArray();
        Version = version;
        Popularity = popularity;
        MaxPopularity = maxPopularity;
        CategoryPopularity = categoryPopularity;
        Trending = trending;
        TopByCategory = topByCategory;
        TopByBrand = topByBrand;
        this.neighbours = neighbours;
    }

    private readonly Neighbour[]?[] neighbours;

    /// <summary>Version of the item signals it was built from (0 = none yet).</summary>
    public long Version { get; }

    /// <summary>Decayed views + 5 × decayed purchases, per catalog index.</summary>
    public float[] Popularity { get; }

    public double MaxPopularity { get; }

    /// <summary>Sum of item popularity per category id.</summary>
    public double[] CategoryPopularity { get; }

    /// <summary>Category ids, most popular first.</summary>
    public int[] CategoriesByPopularity { get; }

    /// <summary>The most popular in-stock items (ties: catalog order).</summary>
    public int[] Trending { get; }

    public int[][] TopByCategory { get; }

    public int[][] TopByBrand { get; }

    /// <summary>Co-occurrence neighbours of an item, strongest first.</summary>
    public Neighbour[] NeighboursOf(int index) => neighbours[index] ?? NoNeighbours;

    /// <summary>Popularity scaled to 0..1 (log-damped so a few blockbusters do not flatten the rest).</summary>
    public double NormalizedPopularity(int index) =>
        MaxPopularity > 0 ? Math.Log(1 + Popularity[index]) / Math.Log(1 + MaxPopularity) : 0;

    public static SignalIndex Build(CatalogSnapshot catalog, ItemSignalsData? signals)
    {
        var items = catalog.Items;
        var popularity = new float[items.Length];
        var neighbours = new Neighbour[]?[items.Length];
        foreach (var record in signals?.Items ?? [])
        {
            var index = catalog.IndexOf(record.ItemId);
            if (index < 0)
            {
                continue;
            }

            popularity[index] = (float)(record.Views + 5 * record.Purchases);
            if (record.Neighbours is { Count: > 0 } list)
            {
                var resolved = list
                    .Select(n => new Neighbour(catalog.IndexOf(n.ItemId), (float)n.Weight))
                    .Where(n => n.Index >= 0 && n.Index != index)
                    .OrderByDescending(n => n.Weight).ThenBy(n => n.Index)
                    .ToArray();
                neighbours[index] = resolved.Length > 0 ? resolved : null;
            }
        }

        var categoryPopularity = new double[catalog.CategoryCount];
        foreach (var entry in items)
        {
            foreach (var category in entry.Categories)
            {
                categoryPopularity[category] += popularity[entry.Index];
            }
        }

        int[] Top(IEnumerable<int> candidates, int limit) => candidates
            .Where(i => items[i].InStock)
            .OrderByDescending(i => popularity[i]).ThenBy(i => i)
            .Take(limit)
            .ToArray();

        return new SignalIndex(
            signals?.Version ?? 0,
            popularity,
            popularity.Length > 0 ? popularity.Max() : 0,
            categoryPopularity,
            Top(Enumerable.Range(0, items.Length), TrendingSize),
            catalog.ItemsByCategory.Select(list => Top(list, TopPerCategory)).ToArray(),
            catalog.ItemsByBrand.Select(list => Top(list, TopPerBrand)).ToArray(),
            neighbours);
    }
}
