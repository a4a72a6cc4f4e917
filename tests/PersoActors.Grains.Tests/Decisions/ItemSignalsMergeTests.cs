using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Tests.Decisions;

/// <summary>Merging deltas into the stored item signals gives exactly what the plain definition gives — add every
/// neighbour to the stored map, drop scores below 1e-3, keep the strongest (ties: ordinal id) — down to the bits of
/// each score and the order of equal scores, over many random merges.</summary>
public sealed class ItemSignalsMergeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan HalfLife = TimeSpan.FromHours(6);

    [Theory]
    [InlineData(1, 40)]
    [InlineData(2, 3)]
    [InlineData(3, 1)]
    public void Merges_match_the_plain_definition(int seed, int maxNeighbours)
    {
        var random = new Random(seed);
        var state = new ItemSignalsState();
        var reference = new Reference();
        for (var merge = 0; merge < 30; merge++)
        {
            // Deltas arrive mostly in order, sometimes late; weights repeat often, so equal scores are common.
            var delta = RandomDelta(random, T0.AddMinutes(merge * 5 + random.Next(-12, 3)));

            state.Merge(delta, HalfLife, maxNeighbours);
            reference.Merge(delta, maxNeighbours);

            Assert.Equal(reference.Describe(), Describe(state.ToData()));
        }
    }

    private static ItemSignalDelta RandomDelta(Random random, DateTimeOffset asOf) =>
        new(asOf, [.. Enumerable.Range(0, random.Next(1, 12)).Select(i => $"item-{random.Next(15)}").Distinct().Select(id => new ItemSignalRecord(
            id,
            random.Next(3),
            random.Next(2) * 0.5,
            random.Next(4) == 0 ? null : [.. Enumerable.Range(0, random.Next(0, 25)).Select(_ => $"item-{random.Next(30)}").Distinct()
                .Select(n => new ItemNeighbour(n, random.Next(4) == 0 ? 0.0004 : random.Next(1, 4)))]))]);

    private static string Describe(ItemSignalsData data) => string.Join("\n", data.Items.OrderBy(r => r.ItemId, StringComparer.Ordinal).Select(r =>
        $"{r.ItemId} {r.Views:R} {r.Purchases:R} [{string.Join(", ", (r.Neighbours ?? []).Select(n => $"{n.ItemId} {n.Weight:R}"))}]"));

    /// <summary>The merge as first written: everything added to the stored maps, then pruned.</summary>
    private sealed class Reference
    {
        private readonly Dictionary<string, (double Views, double Purchases, Dictionary<string, double>? Neighbours)> items = new(StringComparer.Ordinal);
        private DateTimeOffset asOf;

        public void Merge(ItemSignalDelta delta, int maxNeighbours)
        {
            double deltaScale = 1;
            if (items.Count == 0 || delta.AsOf > asOf)
            {
                var factor = Decay.Factor(delta.AsOf - asOf, HalfLife);
                foreach (var id in items.Keys.ToList())
                {
                    var (views, purchases, neighbours) = items[id];
                    foreach (var key in neighbours?.Keys.ToList() ?? [])
                    {
                        neighbours![key] *= factor;
                    }

                    items[id] = (views * factor, purchases * factor, neighbours);
                }

                asOf = delta.AsOf;
            }
            else
            {
                deltaScale = Decay.Factor(asOf - delta.AsOf, HalfLife);
            }

            foreach (var record in delta.Items)
            {
                var (views, purchases, neighbours) = items.GetValueOrDefault(record.ItemId);
                foreach (var neighbour in record.Neighbours ?? [])
                {
                    neighbours ??= new Dictionary<string, double>(StringComparer.Ordinal);
                    neighbours[neighbour.ItemId] = neighbours.GetValueOrDefault(neighbour.ItemId) + neighbour.Weight * deltaScale;
                }

                items[record.ItemId] = (views + record.Views * deltaScale, purchases + record.Purchases * deltaScale, neighbours);
            }

            foreach (var id in items.Keys.ToList())
            {
                var (views, purchases, neighbours) = items[id];
                if (neighbours is not null)
                {
                    var keep = neighbours.Where(n => n.Value >= 1e-3).OrderByDescending(n => n.Value).ThenBy(n => n.Key, StringComparer.Ordinal).Take(maxNeighbours);
                    neighbours = neighbours.Count > maxNeighbours || neighbours.Values.Any(v => v < 1e-3) ? keep.ToDictionary(StringComparer.Ordinal) : neighbours;
                    neighbours = neighbours.Count == 0 ? null : neighbours;
                }

                if (views + purchases < 1e-3 && neighbours is null)
                {
                    items.Remove(id);
                }
                else
                {
                    items[id] = (views, purchases, neighbours);
                }
            }
        }

        public string Describe() => string.Join("\n", items.OrderBy(i => i.Key, StringComparer.Ordinal).Select(i =>
            $"{i.Key} {i.Value.Views:R} {i.Value.Purchases:R} [{string.Join(", ", (i.Value.Neighbours ?? []).OrderByDescending(n => n.Value).Select(n => $"{n.Key} {n.Value:R}"))}]"));
    }
}
