using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>The hard constraints of one request: explicit category and brand exclusions, content filters,
/// availability, and blocked items (already purchased, the current item, the cart). No candidate that fails
/// <see cref="Allows(int)"/> is ever returned, whatever its score.</summary>
internal sealed class ItemFilter
{
    private readonly int[] excludedCategories;
    private readonly int[] excludedBrands;
    private readonly int[] requiredAttributes;
    private readonly bool nothingMatches;
    private readonly HashSet<int> blocked;
    private readonly ulong requiredMask;
    private readonly bool requiresHighAttributes;
    private readonly HotItem[] hot;
    private readonly CatalogEntry[] items;
    private readonly int[] extra;

    public ItemFilter(CatalogSnapshot catalog, SignalIndex signals, CustomerCustomization? customization, IEnumerable<string> blockedItemIds)
    {
        hot = signals.Hot;
        items = catalog.Items;
        extra = signals.ExtraCategories;
        excludedCategories = Ids(customization?.ExcludedCategories, catalog.CategoryId);
        excludedBrands = Ids(customization?.ExcludedBrands, catalog.BrandId);
        var filters = customization?.ContentFilters ?? [];
        requiredAttributes = Ids(filters, catalog.AttributeId);
        // A content filter no item carries (e.g. "halal" in a catalog without it) can match nothing.
        nothingMatches = requiredAttributes.Length < filters.Where(f => !string.IsNullOrWhiteSpace(f)).Distinct(StringComparer.OrdinalIgnoreCase).Count();
        foreach (var attribute in requiredAttributes)
        {
            requiredMask |= attribute < 64 ? 1UL << attribute : 0;
            requiresHighAttributes |= attribute >= 64;
        }

        blocked = [];
        foreach (var id in blockedItemIds)
        {
            var index = catalog.IndexOf(id);
            if (index >= 0)
            {
                blocked.Add(index);
            }
        }
    }

    public bool Allows(CatalogEntry entry) => Allows(entry.Index);

    /// <summary>Whether the item at <paramref name="index"/> may be shown; reads only the packed <see cref="HotItem"/>
    /// unless an attribute id beyond 64 is required.</summary>
    public bool Allows(int index)
    {
        ref readonly var item = ref hot[index];
        if (!item.InStock || nothingMatches || (item.Attributes & requiredMask) != requiredMask)
        {
            return false;
        }

        foreach (var category in excludedCategories)
        {
            if (item.HasCategory(category, extra))
            {
                return false;
            }
        }

        if (item.Brand >= 0 && excludedBrands.Length > 0 && Array.IndexOf(excludedBrands, item.Brand) >= 0)
        {
            return false;
        }

        if (blocked.Count > 0 && blocked.Contains(index))
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

    public bool IsCategoryExcluded(int category) => Array.IndexOf(excludedCategories, category) >= 0;

    private static int[] Ids(IReadOnlyList<string>? names, Func<string, int> lookup)
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

            var id = lookup(name);
            if (id >= 0 && !ids.Contains(id))
            {
                ids.Add(id);
            }
        }

        return [.. ids];
    }
}
