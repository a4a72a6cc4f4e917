using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Bench.Quality;

/// <summary>The item-signals grain's merge into an empty store, without a silo: scores below 1e-3 are dropped and each
/// item keeps its <c>maxNeighbours</c> strongest neighbours (ties: ordinal id), strongest first.</summary>
public static class SignalStore
{
    private const double Negligible = 1e-3;

    public static ItemSignalsData MergeInto(ItemSignalDelta delta, int maxNeighbours)
    {
        var items = delta.Items
            .Select(r => r with
            {
                Neighbours = r.Neighbours?.Where(n => n.Weight >= Negligible)
                    .OrderByDescending(n => n.Weight).ThenBy(n => n.ItemId, StringComparer.Ordinal)
                    .Take(maxNeighbours).ToList() is { Count: > 0 } kept ? kept : null,
            })
            .Where(r => r.Views + r.Purchases >= Negligible || r.Neighbours is not null)
            .ToList();
        return new ItemSignalsData(1, delta.AsOf, items);
    }
}
