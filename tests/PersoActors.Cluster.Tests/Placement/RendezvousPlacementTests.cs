using PersoActors.Runtime;
using PersoActors.Runtime.Cluster;
using PersoActors.Runtime.Cluster.Placement;

namespace PersoActors.Cluster.Tests.Placement;

public sealed class RendezvousPlacementTests
{
    private const int Grains = 100_000;

    private static readonly GrainId[] Ids = [.. Enumerable.Range(0, Grains).Select(i => new GrainId("customer", $"c-{i}"))];

    private static PlacementTarget[] Silos(int count, int firstPort = 11000) =>
        [.. Enumerable.Range(0, count).Select(i => new PlacementTarget(new SiloAddress("10.0.0.1", firstPort + i, 1)))];

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(10)]
    public void Adding_one_silo_moves_about_one_in_n_plus_one_grains_all_to_the_new_silo(int before)
    {
        var old = Silos(before);
        var grown = Silos(before + 1);
        var added = grown[^1].Silo;
        var moved = 0;
        foreach (var id in Ids)
        {
            var from = RendezvousPlacement.PickOwner(id, old);
            var to = RendezvousPlacement.PickOwner(id, grown);
            if (from != to)
            {
                Assert.Equal(added, to);
                moved++;
            }
        }

        AssertNear(Grains / (double)(before + 1), moved);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void Removing_one_silo_moves_only_its_grains(int before)
    {
        var old = Silos(before);
        var removed = old[1].Silo;
        var shrunk = old.Where(t => t.Silo != removed).ToArray();
        var moved = 0;
        foreach (var id in Ids)
        {
            var from = RendezvousPlacement.PickOwner(id, old);
            var to = RendezvousPlacement.PickOwner(id, shrunk);
            if (from != to)
            {
                Assert.Equal(removed, from);
                moved++;
            }
        }

        AssertNear(Grains / (double)before, moved);
    }

    [Fact]
    public void Grains_spread_evenly_and_placement_ignores_silo_order_and_generation()
    {
        var silos = Silos(4);
        var restarted = silos.Reverse().Select(t => new PlacementTarget(t.Silo with { Generation = 99 })).ToArray();
        var counts = new Dictionary<string, int>();
        foreach (var id in Ids)
        {
            var owner = RendezvousPlacement.PickOwner(id, silos)!;
            Assert.Equal(owner.Endpoint, RendezvousPlacement.PickOwner(id, restarted)!.Endpoint);
            counts[owner.Endpoint] = counts.GetValueOrDefault(owner.Endpoint) + 1;
        }

        Assert.All(counts.Values, count => AssertNear(Grains / 4.0, count));
    }

    [Fact]
    public void No_silos_means_no_owner() => Assert.Null(RendezvousPlacement.PickOwner(new GrainId("customer", "x"), []));

    private static void AssertNear(double expected, int actual) =>
        Assert.InRange(actual, expected * 0.95, expected * 1.05);
}
