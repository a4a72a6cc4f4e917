using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Tests.Decisions;

public sealed class CatalogTests
{
    [Fact]
    public void A_json_batch_parses_with_or_without_the_items_wrapper()
    {
        const string item = """{"id":"a1","title":"Oat milk","categories":["Dairy alternatives"],"brand":"Oaty","price":2.5,"attributes":["vegan"]}""";

        var wrapped = CatalogParser.ParseBatch($$"""{"items":[{{item}}]}""");
        var bare = CatalogParser.ParseBatch($"[{item}]");

        Assert.Equal(wrapped, bare, (x, y) => x.Id == y.Id && x.Price == y.Price);
        Assert.Equal(["vegan"], wrapped[0].Attributes!);
        Assert.True(wrapped[0].IsInStock);
    }

    [Fact]
    public void Batch_errors_name_every_bad_item_and_field()
    {
        var ex = Assert.Throws<DecisionValidationException>(() => CatalogParser.ParseBatch("""
            {"items":[
              {"id":"a","title":"ok","categories":["x"]},
              {"id":"","title":"no id","categories":["x"],"price":-1},
              {"id":"c","title":"bad price","categories":["x"],"price":"cheap"},
              {"id":"a","title":"dup","categories":[]}
            ]}
            """));

        var fields = ex.Errors.Select(e => e.Field).ToList();
        Assert.Contains("items[1].id", fields);
        Assert.Contains("items[1].price", fields);
        Assert.Contains("items[2].price", fields);
        Assert.Contains("items[3].categories", fields);
        Assert.Contains("items[3].id", fields);
        Assert.Contains(ex.Errors, e => e.Field == "items[3].id" && e.Message.Contains("items[0]"));
    }

    [Fact]
    public void Jsonl_errors_name_the_line_and_blank_lines_are_skipped()
    {
        const string jsonl = """
            {"id":"a","title":"A","categories":["x"]}

            {"id":"b","title":"B"}
            not json
            {"id":"c","title":"C","categories":["x"],"stock":-2}
            """;

        var ex = Assert.Throws<DecisionValidationException>(() => CatalogParser.ParseJsonLines(new StringReader(jsonl)));

        Assert.Contains(ex.Errors, e => e.Field.StartsWith("line 3", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Field.StartsWith("line 4", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Field == "line 5.stock");
        Assert.DoesNotContain(ex.Errors, e => e.Field.StartsWith("line 1", StringComparison.Ordinal));
    }

    [Fact]
    public void Valid_jsonl_parses_every_line()
    {
        var lines = string.Join('\n', Enumerable.Range(0, 1000).Select(i => $$"""{"id":"i{{i}}","title":"Item {{i}}","categories":["c{{i % 7}}"],"price":{{i}}}"""));

        var items = CatalogParser.ParseJsonLines(new StringReader(lines));

        Assert.Equal(1000, items.Count);
        Assert.Equal(999m, items[^1].Price);
    }

    [Fact]
    public void The_snapshot_indexes_items_by_id_category_and_brand_case_insensitively()
    {
        var snapshot = CatalogSnapshot.Build(new CatalogContents(3,
        [
            new CatalogItem("b", "B", ["Shoes", "Sale"], "Acme"),
            new CatalogItem("a", "A", ["shoes"], "ACME", Stock: 0),
            new CatalogItem("c", "C", ["Hats"]),
        ]));

        Assert.Equal(3, snapshot.Version);
        Assert.Equal(3, snapshot.CategoryCount);
        Assert.Equal(["a", "b"], snapshot.ItemsByCategory[snapshot.CategoryId("SHOES")].Select(i => snapshot.Items[i].Item.Id));
        Assert.Equal(2, snapshot.ItemsByBrand[snapshot.BrandId("acme")].Length);
        Assert.False(snapshot.Find("a")!.InStock);
        Assert.Null(snapshot.Find("zzz"));
        Assert.Equal(-1, snapshot.CategoryId("Socks"));
    }

    [Fact]
    public void A_100k_item_snapshot_builds_quickly_enough_to_refresh_in_the_background()
    {
        var items = Enumerable.Range(0, 100_000)
            .Select(i => new CatalogItem($"item-{i}", $"Item {i}", [$"cat-{i % 500}", $"group-{i % 20}"], $"brand-{i % 300}", Price: i % 100))
            .ToList();
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        var snapshot = DecisionSnapshot.Create(CatalogSnapshot.Build(new CatalogContents(1, items)));

        Assert.Equal(100_000, snapshot.Catalog.Items.Length);
        Assert.Equal(520, snapshot.Catalog.CategoryCount);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
    }
}
