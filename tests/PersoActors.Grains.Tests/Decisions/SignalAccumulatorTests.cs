using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Tests.Decisions;

public sealed class SignalAccumulatorTests
{
    private static readonly DateTimeOffset Epoch = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan HalfLife = TimeSpan.FromHours(1);

    [Fact]
    public void An_interaction_counts_its_item_and_pairs_it_both_ways_with_each_distinct_co_item_once()
    {
        var accumulator = new SignalAccumulator(Epoch, HalfLife);

        accumulator.Add(new ItemInteraction("a", InteractionKind.Purchase, Epoch, ["b", "c", "b", "a", "", "c"]), Epoch);

        var delta = Records(accumulator.ToDelta(Epoch));
        Assert.Equal(["a", "b", "c"], delta.Keys.Order());
        Assert.Equal(1, delta["a"].Purchases);
        Assert.Equal(0, delta["b"].Purchases);
        Assert.Equal(new Dictionary<string, double> { ["b"] = 3, ["c"] = 3 }, Neighbours(delta["a"]));
        Assert.Equal(new Dictionary<string, double> { ["a"] = 3 }, Neighbours(delta["b"]));
        Assert.Equal(new Dictionary<string, double> { ["a"] = 3 }, Neighbours(delta["c"]));
    }

    [Fact]
    public void Pairs_add_up_across_interactions_and_decay_to_the_flush_time()
    {
        var accumulator = new SignalAccumulator(Epoch, HalfLife);

        accumulator.Add(new ItemInteraction("a", InteractionKind.View, Epoch, ["b"]), Epoch);
        accumulator.Add(new ItemInteraction("b", InteractionKind.AddToCart, Epoch, ["a"]), Epoch);

        var delta = Records(accumulator.ToDelta(Epoch + HalfLife));
        Assert.Equal(0.5, delta["a"].Views, 9);
        Assert.Equal(0.25, delta["b"].Purchases, 9);
        Assert.Equal(1.5, Neighbours(delta["a"])["b"], 9);
        Assert.Equal(1.5, Neighbours(delta["b"])["a"], 9);
    }

    [Fact]
    public void A_delta_folded_back_in_comes_out_unchanged_without_records_for_neighbours_alone()
    {
        var delta = new ItemSignalDelta(Epoch, [new ItemSignalRecord("a", 2, 1, [new ItemNeighbour("b", 4)])]);
        var accumulator = new SignalAccumulator(Epoch, HalfLife);

        accumulator.AddDelta(delta);

        var again = Records(accumulator.ToDelta(Epoch));
        Assert.Equal(["a"], again.Keys);
        Assert.Equal((2, 1), (again["a"].Views, again["a"].Purchases));
        Assert.Equal(new Dictionary<string, double> { ["b"] = 4 }, Neighbours(again["a"]));
    }

    [Fact]
    public void A_window_on_the_previous_windows_neighbour_maps_gives_what_a_fresh_accumulator_gives()
    {
        var maps = new SignalAccumulator.NeighbourMapPool();
        var first = new SignalAccumulator(Epoch, HalfLife, maps);
        first.Add(new ItemInteraction("a", InteractionKind.Purchase, Epoch, ["b", "c"]), Epoch);
        first.Add(new ItemInteraction("d", InteractionKind.View, Epoch, ["a", "e"]), Epoch);
        first.ToDelta(Epoch);

        first.ReturnMaps();

        Assert.Equal(0, first.Count);
        Assert.Equal(5, maps.Count);
        var reused = new SignalAccumulator(Epoch, HalfLife, maps);
        var fresh = new SignalAccumulator(Epoch, HalfLife);
        ItemInteraction[] second =
        [
            new("b", InteractionKind.View, Epoch, ["a"]),
            new("c", InteractionKind.AddToCart, Epoch.AddMinutes(-30), ["f", "b"]),
        ];
        foreach (var interaction in second)
        {
            reused.Add(interaction, Epoch);
            fresh.Add(interaction, Epoch);
        }

        Assert.Equal(5 - 4, maps.Count);
        Assert.Equal(Describe(fresh.ToDelta(Epoch)), Describe(reused.ToDelta(Epoch)));
    }

    private static string Describe(ItemSignalDelta delta) => string.Join("; ", delta.Items.OrderBy(r => r.ItemId, StringComparer.Ordinal).Select(r =>
        $"{r.ItemId} {r.Views:R} {r.Purchases:R} [{string.Join(", ", (r.Neighbours ?? []).OrderBy(n => n.ItemId, StringComparer.Ordinal).Select(n => $"{n.ItemId} {n.Weight:R}"))}]"));

    private static Dictionary<string, ItemSignalRecord> Records(ItemSignalDelta delta) => delta.Items.ToDictionary(r => r.ItemId);

    private static Dictionary<string, double> Neighbours(ItemSignalRecord record) =>
        (record.Neighbours ?? []).ToDictionary(n => n.ItemId, n => n.Weight);
}
