using PersoActors.Runtime;

namespace PersoActors.Grains.Interfaces.Decisions;

/// <summary>Cluster-wide item popularity and co-occurrence (key <c>default</c>), persisted. Every
/// silo's aggregator merges its deltas here and reads the merged result back.</summary>
[GrainType("item-signals")]
public interface IItemSignalsGrain : IGrainWithStringKey
{
    /// <summary>Decays the stored signals to the delta's time, adds the delta, persists; returns the new version.</summary>
    Task<long> MergeAsync(ItemSignalDelta delta);

    /// <summary>The current version (cheap).</summary>
    Task<long> GetVersionAsync();

    /// <summary>All signals.</summary>
    Task<ItemSignalsData> GetSignalsAsync();
}
