using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>A co-occurrence neighbour resolved to a catalog index; <see cref="Weight"/> is the <see cref="Similarity"/>.</summary>
public readonly record struct Neighbour(int Index, float Weight);

/// <summary>Item signals joined with one catalog snapshot: popularity per item and per category, trending
/// items, the most popular in-stock items per category and brand, and co-occurrence neighbours, all by catalog
/// index. Built off the hot path whenever the catalog or the signals change.</summary>
public sealed class SignalIndex
{
    public const int TrendingSize = 300;
    public const int TopPerCategory = 200;
    public const int TopPerBrand = 100;

    private SignalIndex(long version, float[] popularity, double maxPopularity, double[] categoryPopularity, int[] trending,
        int[][] topByCategory, int[][] topByBrand, int[] neighbourStart, Neighbour[] neighbours, HotItem[] hot, int[] itemLists, uint[] idHashes)
    {
        IdHashes = idHashes;
        Hot = hot;
        ItemLists = itemLists;
        CategoriesByPopularity = Enumerable.Range(0, categoryPopularity.Length)
            .OrderByDescending(c => categoryPopularity[c]).ThenBy(c => c).ToArray();
        Version = version;
        Popularity = popularity;
        MaxPopularity = maxPopularity;
        CategoryPopularity = categoryPopularity;
        Trending = trending;
        TopByCategory = topByCategory;
        TopByBrand = topByBrand;
        this.neighbourStart = neighbourStart;
        this.neighbours = neighbours;
    }

    // All neighbour lists in one array (item i's at [neighbourStart[i], neighbourStart[i + 1])): one object instead of
    // 100k small ones, so the GC has less to walk and a seed's list is one contiguous read.
    private readonly int[] neighbourStart;
    private readonly Neighbour[] neighbours;

    /// <summary>Version of the item signals it was built from (0 = none yet).</summary>
    public long Version { get; }

    /// <summary>Decayed views + 5 × decayed purchases, per catalog index.</summary>
    public float[] Popularity { get; }

    public double MaxPopularity { get; }

    /// <summary>Sum of item popularity per category id.</summary>
    public double[] CategoryPopularity { get; }

    /// <summary><see cref="ItemIdHash"/> of every item id, by catalog index (to test membership in a customer's
    /// purchased set without resolving its ids).</summary>
    public uint[] IdHashes { get; }

    /// <summary>Packed per-item data for the hot path, by catalog index.</summary>
    public HotItem[] Hot { get; }

    /// <summary>Per item (from <see cref="HotItem.ListStart"/>): its categories beyond the second, then its tag ids.</summary>
    public int[] ItemLists { get; }

    /// <summary>Category ids, most popular first.</summary>
    public int[] CategoriesByPopularity { get; }

    /// <summary>The most popular in-stock items (ties: catalog order).</summary>
    public int[] Trending { get; }

    public int[][] TopByCategory { get; }

    public int[][] TopByBrand { get; }

    /// <summary>Co-occurrence neighbours of an item, strongest first.</summary>
    public ReadOnlySpan<Neighbour> NeighboursOf(int index) =>
        neighbours.AsSpan(neighbourStart[index], neighbourStart[index + 1] - neighbourStart[index]);

    /// <summary>Reads the start of the neighbour lists of <paramref name="items"/> (negative entries skipped) in two
    /// tight loops of independent loads, so their cache misses overlap; a caller about to walk several lists calls this
    /// first and then finds them in cache. Returns a value only so the reads cannot be optimized away.</summary>
    internal int TouchNeighbours(ReadOnlySpan<int> items, Span<int> scratch)
    {
        var sum = 0;
        for (var i = 0; i < items.Length; i++)
        {
            scratch[i] = items[i] >= 0 ? neighbourStart[items[i]] : -1;
        }

        for (var i = 0; i < items.Length; i++)
        {
            var start = scratch[i];
            if (start >= 0 && start < neighbours.Length)
            {
                sum += neighbours[start].Index + neighbours[Math.Min(start + 11, neighbours.Length - 1)].Index;
            }
        }

        return sum;
    }

    /// <summary>The item's tag ids (from the catalog entry when it has too many to pack).</summary>
    public ReadOnlySpan<int> TagsOf(int index, CatalogSnapshot catalog)
    {
        ref readonly var hot = ref Hot[index];
        return hot.TagCount == HotItem.TagsInEntry ? catalog.Items[index].Tags : ItemLists.AsSpan(hot.ListStart + hot.ExtraCount, hot.TagCount);
    }

    /// <summary>Popularity scaled to 0..1 (log-damped so a few blockbusters do not flatten the rest).</summary>
    public double NormalizedPopularity(int index) => Hot[index].Popularity;

    public static SignalIndex Build(CatalogSnapshot catalog, ItemSignalsData? signals)
    {
        var items = catalog.Items;
        var popularity = new float[items.Length];
        var interactions = new double[items.Length];
        var neighbourLists = new Neighbour[]?[items.Length];
        foreach (var record in signals?.Items ?? [])
        {
            var index = catalog.IndexOf(record.ItemId);
            if (index >= 0)
            {
                popularity[index] = (float)(record.Views + 5 * record.Purchases);
                interactions[index] = record.Views + record.Purchases;
            }
        }

        foreach (var record in signals?.Items ?? [])
        {
            var index = catalog.IndexOf(record.ItemId);
            if (index >= 0 && record.Neighbours is { Count: > 0 } list)
            {
                var resolved = list
                    .Select(n => (Index: catalog.IndexOf(n.ItemId), n.Weight))
                    .Where(n => n.Index >= 0 && n.Index != index)
                    .Select(n => new Neighbour(n.Index, (float)Similarity.Cosine(n.Weight, interactions[index], interactions[n.Index])))
                    .OrderByDescending(n => n.Weight).ThenBy(n => n.Index)
                    .ToArray();
                neighbourLists[index] = resolved.Length > 0 ? resolved : null;
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

        var neighbourStart = new int[items.Length + 1];
        for (var i = 0; i < items.Length; i++)
        {
            neighbourStart[i + 1] = neighbourStart[i] + (neighbourLists[i]?.Length ?? 0);
        }

        var neighbours = new Neighbour[neighbourStart[items.Length]];
        for (var i = 0; i < items.Length; i++)
        {
            neighbourLists[i]?.CopyTo(neighbours, neighbourStart[i]);
        }

        var maxPopularity = popularity.Length > 0 ? popularity.Max() : 0;
        var hot = new HotItem[items.Length];
        var extra = new List<int>();
        foreach (var entry in items)
        {
            ulong attributes = 0;
            foreach (var attribute in entry.Attributes)
            {
                attributes |= attribute < 64 ? 1UL << attribute : 0;
            }

            hot[entry.Index] = new HotItem
            {
                Primary = entry.Categories[0],
                Second = entry.Categories.Length > 1 ? entry.Categories[1] : -1,
                Brand = entry.Brand,
                ListStart = extra.Count,
                ExtraCount = (short)Math.Max(0, entry.Categories.Length - 2),
                TagCount = (byte)Math.Min(entry.Tags.Length, HotItem.TagsInEntry),
                InStock = entry.InStock,
                Attributes = attributes,
                Popularity = maxPopularity > 0 ? (float)(Math.Log(1 + popularity[entry.Index]) / Math.Log(1 + maxPopularity)) : 0,
            };
            extra.AddRange(entry.Categories.Skip(2));
            if (entry.Tags.Length < HotItem.TagsInEntry)
            {
                extra.AddRange(entry.Tags);
            }
        }

        return new SignalIndex(
            signals?.Version ?? 0,
            popularity,
            maxPopularity,
            categoryPopularity,
            Top(Enumerable.Range(0, items.Length), TrendingSize),
            catalog.ItemsByCategory.Select(list => Top(list, TopPerCategory)).ToArray(),
            catalog.ItemsByBrand.Select(list => Top(list, TopPerBrand)).ToArray(),
            neighbourStart,
            neighbours,
            hot,
            [.. extra],
            [.. items.Select(entry => ItemIdHash.Of(entry.Item.Id))]);
    }
}
