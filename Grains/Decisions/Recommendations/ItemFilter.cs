using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>The hard constraints of one request: explicit category and brand exclusions, content filters,
/// availability, blocked items (recently purchased, the current item, the cart) and everything the customer ever
/// bought (by id hash, unless the catalog marks the item repeatable). No candidate that fails
/// <see cref="Allows(int)"/> is ever returned, whatever its score.</summary>
internal sealed class ItemFilter
{
    private readonly int[] excludedCategories;
    private readonly int[] excludedBrands;
    private readonly int[] requiredAttributes;
    private readonly bool nothingMatches;
    private readonly int[] blocked;
    private readonly ulong requiredMask;
    private readonly bool requiresHighAttributes;
    private readonly HotItem[] hot;
    private readonly CatalogEntry[] items;
    private readonly int[] lists;
    private readonly uint[] idHashes;
    private readonly uint[] bought;

    public ItemFilter(CatalogSnapshot catalog, SignalIndex signals, CustomerCustomization? customization, IReadOnlyList<string> blockedItemIds,
        IReadOnlyList<uint>? boughtHashes = null)
        : this(catalog, signals, customization, Resolve(catalog, blockedItemIds), boughtHashes)
    {
    }

    /// <summary>A filter whose blocked items are given as catalog indexes (negative entries are ignored);
    /// <paramref name="boughtHashes"/> are the <see cref="ItemIdHash"/>es of every item the customer bought.</summary>
    public ItemFilter(CatalogSnapshot catalog, SignalIndex signals, CustomerCustomization? customization, ReadOnlySpan<int> blockedIndexes,
        IReadOnlyList<uint>? boughtHashes = null)
    {
        hot = signals.Hot;
        items = catalog.Items;
        lists = signals.ItemLists;
        idHashes = signals.IdHashes;
        bought = Sorted(boughtHashes);
        excludedCategories = Ids(customization?.ExcludedCategories, catalog, NameKind.Category);
        excludedBrands = Ids(customization?.ExcludedBrands, catalog, NameKind.Brand);
        var filters = customization?.ContentFilters;
        requiredAttributes = Ids(filters, catalog, NameKind.Attribute);
        // A content filter no item carries (e.g. "halal" in a catalog without it) can match nothing.
        nothingMatches = requiredAttributes.Length < DistinctNames(filters);
        foreach (var attribute in requiredAttributes)
        {
            requiredMask |= attribute < 64 ? 1UL << attribute : 0;
            requiresHighAttributes |= attribute >= 64;
        }

        var count = 0;
        foreach (var index in blockedIndexes)
        {
            count += index >= 0 ? 1 : 0;
        }

        blocked = count == 0 ? [] : new int[count];
        count = 0;
        foreach (var index in blockedIndexes)
        {
            if (index >= 0)
            {
                blocked[count++] = index;
            }
        }

        if (blocked.Length > LinearSearchLimit)
        {
            Array.Sort(blocked);
        }
    }

    // Up to this many blocked items a vectorized scan beats a binary search (and needs no sorting).
    private const int LinearSearchLimit = 64;

    /// <summary>Whether the item at <paramref name="index"/> may be shown; reads only the packed <see cref="HotItem"/>
    /// unless an attribute id beyond 64 is required.</summary>
    public bool Allows(int index) => Allows(in hot[index], index);

    /// <summary>As <see cref="Allows(int)"/>, with the item's packed data already loaded.</summary>
    public bool Allows(in HotItem item, int index) =>
        AllowsUnblocked(in item, index) && (blocked.Length == 0 || !IsBlocked(index)) && !IsBought(index);

    /// <summary>Whether the customer ever bought the item (by id hash) and the catalog does not mark it repeatable.</summary>
    public bool IsBought(int index) =>
        bought.Length > 0 && Array.BinarySearch(bought, idHashes[index]) >= 0 && !items[index].Item.Repeatable;

    /// <summary>As <see cref="Allows(in HotItem, int)"/> without the blocked-item and <see cref="IsBought"/> checks, for a
    /// caller that never considers blocked items in the first place and checks <see cref="IsBought"/> on what it keeps.</summary>
    public bool AllowsUnblocked(in HotItem item, int index)
    {
        if (!item.InStock || nothingMatches || (item.Attributes & requiredMask) != requiredMask)
        {
            return false;
        }

        foreach (var category in excludedCategories)
        {
            if (item.HasCategory(category, lists))
            {
                return false;
            }
        }

        if (item.Brand >= 0 && excludedBrands.Length > 0 && Array.IndexOf(excludedBrands, item.Brand) >= 0)
        {
            return false;
        }

        if (requiresHighAttributes)
        {
            foreach (var attribute in requiredAttributes)
            {
                if (attribute >= 64 && Array.IndexOf(items[index].Attributes, attribute) < 0)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private bool IsBlocked(int index) =>
        blocked.Length <= LinearSearchLimit ? blocked.AsSpan().Contains(index) : Array.BinarySearch(blocked, index) >= 0;

    public bool IsCategoryExcluded(int category) => Array.IndexOf(excludedCategories, category) >= 0;

    /// <summary><paramref name="hashes"/> as a sorted array (itself when it already is one).</summary>
    public static uint[] Sorted(IReadOnlyList<uint>? hashes)
    {
        if (hashes is null || hashes.Count == 0)
        {
            return [];
        }

        var array = hashes as uint[] ?? [.. hashes];
        for (var i = 1; i < array.Length; i++)
        {
            if (array[i - 1] > array[i])
            {
                // Not sorted as the contract says: search a sorted copy rather than miss a purchase.
                array = [.. array];
                Array.Sort(array);
                break;
            }
        }

        return array;
    }

    private static int[] Resolve(CatalogSnapshot catalog, IReadOnlyList<string> ids)
    {
        var indexes = new int[ids.Count];
        for (var i = 0; i < indexes.Length; i++)
        {
            indexes[i] = catalog.IndexOf(ids[i]);
        }

        return indexes;
    }

    private static int DistinctNames(IReadOnlyList<string>? names)
    {
        if (names is null || names.Count == 0)
        {
            return 0;
        }

        var count = 0;
        for (var i = 0; i < names.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(names[i]))
            {
                continue;
            }

            var seen = false;
            for (var j = 0; j < i && !seen; j++)
            {
                seen = string.Equals(names[i], names[j], StringComparison.OrdinalIgnoreCase);
            }

            count += seen ? 0 : 1;
        }

        return count;
    }

    private enum NameKind
    {
        Category,
        Brand,
        Attribute,
    }

    private static int[] Ids(IReadOnlyList<string>? names, CatalogSnapshot catalog, NameKind kind)
    {
        if (names is null || names.Count == 0)
        {
            return [];
        }

        var ids = new List<int>(names.Count);
        foreach (var name in names)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                continue;
            }

            var id = kind switch
            {
                NameKind.Category => catalog.CategoryId(name),
                NameKind.Brand => catalog.BrandId(name),
                _ => catalog.AttributeId(name),
            };
            if (id >= 0 && !ids.Contains(id))
            {
                ids.Add(id);
            }
        }

        return [.. ids];
    }
}
