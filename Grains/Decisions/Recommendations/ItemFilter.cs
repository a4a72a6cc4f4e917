using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>The hard constraints of one request: explicit category and brand exclusions, content filters,
/// availability, and blocked items (already purchased, the current item, the cart). No candidate that fails
/// <see cref="Allows"/> is ever returned, whatever its score.</summary>
internal sealed class ItemFilter
{
    private readonly int[] excludedCategories;
    private readonly int[] excludedBrands;
    private readonly int[] requiredAttributes;
    private readonly bool nothingMatches;
    private readonly HashSet<int> blocked;

    public ItemFilter(CatalogSnapshot catalog, CustomerCustomization? customization, IEnumerable<string> blockedItemIds)
    {
        excludedCategories = Ids(customization?.ExcludedCategories, catalog.CategoryId);
        excludedBrands = Ids(customization?.ExcludedBrands, catalog.BrandId);
        var filters = customization?.ContentFilters ?? [];
        requiredAttributes = Ids(filters, catalog.AttributeId);
        // A content filter no item carries (e.g. "halal" in a catalog without it) can match nothing.
        nothingMatches = requiredAttributes.Length < filters.Where(f => !string.IsNullOrWhiteSpace(f)).Distinct(StringComparer.OrdinalIgnoreCase).Count();
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

    public bool Allows(CatalogEntry entry)
    {
        if (!entry.InStock || nothingMatches || blocked.Contains(entry.Index))
        {
            return false;
        }

        foreach (var category in entry.Categories)
        {
            if (Array.IndexOf(excludedCategories, category) >= 0)
            {
                return false;
            }
        }

        if (entry.Brand >= 0 && Array.IndexOf(excludedBrands, entry.Brand) >= 0)
        {
            return false;
        }

        foreach (var attribute in requiredAttributes)
        {
            if (Array.IndexOf(entry.Attributes, attribute) < 0)
            {
                return false;
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
