using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using PersoActors.Tests.Shared;
using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Tests.Decisions;

/// <summary>The data structures behind the allocation-light decision path: they must give exactly what the plain
/// collections they replace would.</summary>
public sealed class HotPathStructureTests
{
    private static readonly SyntheticWorld World = new(categories: 12, itemsPerCategory: 80, brands: 15, seed: 5);

    [Fact]
    public void Candidate_table_keeps_the_first_slot_of_every_index_while_it_grows_and_forgets_them_when_cleared()
    {
        var table = new CandidateTable();
        var model = new Dictionary<int, int>();
        var random = new Random(3);
        for (var i = 0; i < 20_000; i++)
        {
            var index = random.Next(50_000);
            var slot = table.GetOrAdd(index, model.Count, out var added);
            Assert.Equal(!model.ContainsKey(index), added);
            if (added)
            {
                model[index] = model.Count;
            }

            Assert.Equal(model[index], slot);
        }

        Assert.Equal(model.Count, table.Count);
        table.Clear();
        Assert.Equal(0, table.Count);
        Assert.Equal(7, table.GetOrAdd(model.Keys.First(), 7, out var again));
        Assert.True(again);
    }

    [Fact]
    public void Rank_heap_pops_in_the_order_of_a_full_sort_by_score_then_index()
    {
        // Scores from a small set, so ties (broken by the lower catalog index) are common.
        var gen = Gen.ArrayOf(Gen.Choose(0, 20)).Select(scores => scores.Select((s, i) => (Score: s / 4.0, Index: (i * 7919) % 1009, Slot: i)).ToArray());
        PropertyRun.Check(Prop.ForAll(gen.ToArbitrary(), ((double Score, int Index, int Slot)[] entries) =>
        {
            var expected = entries.DistinctBy(e => e.Index).OrderByDescending(e => e.Score).ThenBy(e => e.Index).Select(e => e.Slot).ToList();
            var items = entries.DistinctBy(e => e.Index).ToArray();
            var heap = new RankHeap(items);
            var popped = new List<int>();
            while (heap.TryPop(out var slot))
            {
                popped.Add(slot);
            }

            Assert.Equal(expected, popped);
            return true;
        }), tests: 300);
    }

    [Fact]
    public void Signal_index_packs_every_items_neighbours_categories_and_tags()
    {
        var items = new List<CatalogItem>
        {
            new("a", "A", ["c1", "c2", "c3", "c4"], "b1", ["breakfast", "evening"], 1),
            new("b", "B", ["c2"], null, null, 2, Attributes: ["vegan"]),
            new("c", "C", ["c3", "c1"], "b2", [.. Enumerable.Range(0, 300).Select(t => $"tag{t}")], 3),
            new("d", "D", ["c4"], "b1", null, 4, Available: false),
        };
        var catalog = CatalogSnapshot.Build(new CatalogContents(1, items));
        var signals = SignalIndex.Build(catalog, new ItemSignalsData(1, SyntheticWorld.Now,
        [
            new ItemSignalRecord("a", 10, 1, [new ItemNeighbour("b", 1), new ItemNeighbour("c", 3), new ItemNeighbour("gone", 9), new ItemNeighbour("a", 5)]),
            new ItemSignalRecord("c", 5, 0, [new ItemNeighbour("a", 2)]),
        ]));

        int Index(string id) => catalog.IndexOf(id);
        // Weights are co-occurrence normalized by both items' interactions (views + purchases): a = 11, b = 0, c = 5.
        Assert.Equal(new[] { (Index("c"), (float)Similarity.Cosine(3, 11, 5)), (Index("b"), (float)Similarity.Cosine(1, 11, 0)) },
            signals.NeighboursOf(Index("a")).ToArray().Select(n => (n.Index, n.Weight)));
        Assert.Empty(signals.NeighboursOf(Index("b")).ToArray());
        Assert.Equal(new[] { Index("a") }, signals.NeighboursOf(Index("c")).ToArray().Select(n => n.Index));
        Assert.Empty(signals.NeighboursOf(Index("d")).ToArray());

        foreach (var entry in catalog.Items)
        {
            var hot = signals.Hot[entry.Index];
            Assert.Equal(entry.Tags, signals.TagsOf(entry.Index, catalog).ToArray());
            Assert.Equal(entry.InStock, hot.InStock);
            Assert.Equal(entry.Brand, hot.Brand);
            Assert.Equal(entry.Tags.Length > 0, hot.HasTags);
            for (var category = 0; category < catalog.CategoryCount; category++)
            {
                Assert.Equal(entry.Categories.Contains(category), hot.HasCategory(category, signals.ItemLists));
            }
        }
    }

    [Fact]
    public async Task A_recommendation_does_not_depend_on_the_calls_made_before_it_on_the_same_thread()
    {
        var engine = new DecisionEngine(new DecisionOptions(), TimeProvider.System);
        var random = new Random(9);
        var plain = World.SimulatedCustomer("plain", [World.Categories[1], World.Categories[2]], random);
        var busy = World.SimulatedCustomer("busy", [World.Categories[3]], random) with
        {
            BrandAffinities = World.Brands.Take(6).ToDictionary(b => b, _ => 2.0),
            PurchasedItemIds = [.. World.Items.Take(40).Select(i => i.Id)],
            Customization = new CustomerCustomization(FavouriteCategories: [World.Categories[4], World.Categories[5]],
                FavouriteBrands: [World.Brands[1]], ExcludedCategories: [World.Categories[1]], ContentFilters: ["vegan"]),
        };
        var request = new RecommendationsRequest("home", 30, Context: new DecisionContext(LocalHour: 8, CartItemIds: [World.Items[5].Id]));
        string Run(DecisionProfile profile) =>
            JsonSerializer.Serialize(engine.Recommend(profile, request, snapshot: World.Snapshot, now: SyntheticWorld.Now).Response.Items);

        var first = Run(plain);
        Run(busy);
        var afterBusy = Run(plain);
        var onAnotherThread = await Task.Run(() => Run(plain));

        Assert.Equal(first, afterBusy);
        Assert.Equal(first, onAnotherThread);
    }
}
