using System.Globalization;

namespace PersoActors.LoadTest.Catalog;

/// <summary>Generates a reproducible synthetic catalog: categories with sub-categories, brands per
/// category, log-normal prices around a category's typical price, a few attributes, and a popularity
/// rank that the simulated users follow (Zipf).</summary>
public static class CatalogGenerator
{
    private static readonly (string Name, decimal TypicalPrice, string[] Subcategories)[] Taxonomy =
    [
        ("shoes", 80m, ["running", "casual", "boots", "sandals"]),
        ("clothing", 40m, ["shirts", "jeans", "jackets", "dresses", "knitwear"]),
        ("electronics", 250m, ["phones", "laptops", "audio", "cameras"]),
        ("home", 60m, ["kitchen", "bedding", "lighting", "decor"]),
        ("garden", 45m, ["tools", "plants", "furniture"]),
        ("beauty", 25m, ["skincare", "makeup", "fragrance"]),
        ("sports", 70m, ["fitness", "cycling", "outdoor", "swimming"]),
        ("toys", 30m, ["puzzles", "building", "dolls"]),
        ("books", 15m, ["fiction", "cooking", "travel", "children"]),
        ("grocery", 8m, ["coffee", "snacks", "organic", "drinks"]),
        ("jewelry", 120m, ["rings", "watches", "necklaces"]),
        ("automotive", 55m, ["accessories", "care", "parts"]),
    ];

    private static readonly string[] Colours = ["black", "white", "red", "blue", "green", "grey", "beige", "navy"];
    private static readonly string[] Materials = ["cotton", "leather", "steel", "wood", "plastic", "wool", "glass", "bamboo"];
    private static readonly string[] BrandStems = ["Nord", "Vela", "Orto", "Lumo", "Kaia", "Brisk", "Tundra", "Mira", "Sola", "Pax", "Quill", "Rova"];
    private static readonly string[] BrandSuffixes = ["", " Co", " Works", " Lab", " & Sons", "ly"];

    /// <summary>Top-level category names.</summary>
    public static IReadOnlyList<string> TopCategories { get; } = Taxonomy.Select(t => t.Name).ToArray();

    public static SyntheticCatalog Generate(int itemCount, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(itemCount, Taxonomy.Length);
        var random = new Random(seed);
        var brands = Taxonomy.ToDictionary(t => t.Name, _ => Enumerable.Range(0, 6)
            .Select(_ => BrandStems[random.Next(BrandStems.Length)] + BrandSuffixes[random.Next(BrandSuffixes.Length)])
            .Distinct().ToArray());

        var items = new List<CatalogItem>(itemCount);
        var rankInCategory = new Dictionary<string, int>();
        for (var i = 0; i < itemCount; i++)
        {
            // Round-robin over categories so every category has items, then random sub-category.
            var (name, typicalPrice, subcategories) = Taxonomy[i % Taxonomy.Length];
            var sub = subcategories[random.Next(subcategories.Length)];
            var brand = brands[name][random.Next(brands[name].Length)];
            var price = decimal.Round(typicalPrice * (decimal)Math.Exp(Gaussian(random) * 0.5), 2);
            var colour = Colours[random.Next(Colours.Length)];
            var attributes = new Dictionary<string, string>
            {
                ["colour"] = colour,
                ["material"] = Materials[random.Next(Materials.Length)],
                ["vegan"] = random.NextDouble() < 0.2 ? "true" : "false",
            };
            var rank = rankInCategory[name] = rankInCategory.GetValueOrDefault(name) + 1;
            var id = string.Create(CultureInfo.InvariantCulture, $"sku-{i + 1:D6}");
            items.Add(new CatalogItem(id, $"{brand} {colour} {sub}", [name, $"{name}/{sub}"], brand, Math.Max(0.5m, price), "EUR", attributes, rank));
        }

        return new SyntheticCatalog(items);
    }

    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
