using System.Collections.Frozen;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>One catalog item with its names resolved to dense ids, so the hot path compares ints.</summary>
public sealed class CatalogEntry(int index, CatalogItem item, int[] categories, int brand, int[] attributes, int[] tags)
{
    /// <summary>Position in <see cref="CatalogSnapshot.Items"/>.</summary>
    public int Index { get; } = index;

    public CatalogItem Item { get; } = item;

    /// <summary>Category ids; the first is the primary category.</summary>
    public int[] Categories { get; } = categories;

    /// <summary>Brand id, or -1.</summary>
    public int Brand { get; } = brand;

    public int[] Attributes { get; } = attributes;

    public int[] Tags { get; } = tags;

    public bool InStock { get; } = item.IsInStock;

    public int PrimaryCategory => Categories[0];
}

/// <summary>An immutable, read-only catalog at one version with indexes by id, category and brand.
/// Names (categories, brands, attributes, tags) match case-insensitively.</summary>
public sealed class CatalogSnapshot
{
    private static readonly StringComparer Names = StringComparer.OrdinalIgnoreCase;

    private CatalogSnapshot(long version, CatalogEntry[] items, FrozenDictionary<string, int> byId,
        NameTable categories, int[][] byCategory, NameTable brands, int[][] byBrand, NameTable attributes, NameTable tags)
    {
        Version = version;
        Items = items;
        Records = Array.ConvertAll(items, e => e.Item);
        this.byId = byId;
        this.categories = categories;
        ItemsByCategory = byCategory;
        this.brands = brands;
        ItemsByBrand = byBrand;
        this.attributes = attributes;
        this.tags = tags;
    }

    private readonly FrozenDictionary<string, int> byId;
    private readonly NameTable categories;
    private readonly NameTable brands;
    private readonly NameTable attributes;
    private readonly NameTable tags;

    /// <summary>An empty catalog (version 0).</summary>
    public static CatalogSnapshot Empty { get; } = Build(new CatalogContents(0, []));

    public long Version { get; }

    public CatalogEntry[] Items { get; }

    /// <summary>The items as uploaded, by index (<c>Items[i].Item</c> without the hop through the entry: building a
    /// response reads only these).</summary>
    public CatalogItem[] Records { get; }

    /// <summary>Item indexes per category id, in catalog order.</summary>
    public int[][] ItemsByCategory { get; }

    /// <summary>Item indexes per brand id, in catalog order.</summary>
    public int[][] ItemsByBrand { get; }

    public int CategoryCount => categories.Count;

    public int BrandCount => brands.Count;

    public string CategoryName(int id) => categories.Name(id);

    public string BrandName(int id) => brands.Name(id);

    public CatalogEntry? Find(string itemId) => byId.TryGetValue(itemId, out var index) ? Items[index] : null;

    public int IndexOf(string itemId) => byId.TryGetValue(itemId, out var index) ? index : -1;

    /// <summary>The category id, or -1 when no item has that category.</summary>
    public int CategoryId(string name) => categories.Id(name);

    public int BrandId(string name) => brands.Id(name);

    public int AttributeId(string name) => attributes.Id(name);

    public int TagId(string name) => tags.Id(name);

    /// <summary>Builds a snapshot; the last occurrence of a duplicate id wins.</summary>
    public static CatalogSnapshot Build(CatalogContents contents)
    {
        var unique = new Dictionary<string, CatalogItem>(contents.Items.Count, StringComparer.Ordinal);
        foreach (var item in contents.Items)
        {
            unique[item.Id] = item;
        }

        var categoryTable = new NameTableBuilder();
        var brandTable = new NameTableBuilder();
        var attributeTable = new NameTableBuilder();
        var tagTable = new NameTableBuilder();
        var entries = new CatalogEntry[unique.Count];
        var index = 0;
        foreach (var item in unique.Values.OrderBy(i => i.Id, StringComparer.Ordinal))
        {
            entries[index] = new CatalogEntry(
                index,
                item,
                item.Categories.Select(categoryTable.Intern).Distinct().ToArray(),
                item.Brand is null ? -1 : brandTable.Intern(item.Brand),
                (item.Attributes ?? []).Select(attributeTable.Intern).Distinct().ToArray(),
                (item.Tags ?? []).Select(tagTable.Intern).Distinct().ToArray());
            index++;
        }

        var categories = categoryTable.Build();
        var brands = brandTable.Build();
        return new CatalogSnapshot(
            contents.Version,
            entries,
            entries.ToFrozenDictionary(e => e.Item.Id, e => e.Index, StringComparer.Ordinal),
            categories,
            Group(entries, categories.Count, e => e.Categories),
            brands,
            Group(entries, brands.Count, e => e.Brand < 0 ? [] : [e.Brand]),
            attributeTable.Build(),
            tagTable.Build());
    }

    private static int[][] Group(CatalogEntry[] entries, int groups, Func<CatalogEntry, int[]> keys)
    {
        var lists = new List<int>[groups];
        for (var g = 0; g < groups; g++)
        {
            lists[g] = [];
        }

        foreach (var entry in entries)
        {
            foreach (var key in keys(entry))
            {
                lists[key].Add(entry.Index);
            }
        }

        return lists.Select(l => l.ToArray()).ToArray();
    }

    private sealed class NameTableBuilder
    {
        private readonly Dictionary<string, int> ids = new(Names);
        private readonly List<string> names = [];

        public int Intern(string name)
        {
            name = name.Trim();
            if (!ids.TryGetValue(name, out var id))
            {
                id = names.Count;
                ids[name] = id;
                names.Add(name);
            }

            return id;
        }

        public NameTable Build() => new(ids.ToFrozenDictionary(Names), [.. names]);
    }

    private sealed class NameTable(FrozenDictionary<string, int> ids, string[] names)
    {
        public int Count => names.Length;

        public string Name(int id) => names[id];

        public int Id(string name) => ids.TryGetValue(name.Trim(), out var id) ? id : -1;
    }
}
