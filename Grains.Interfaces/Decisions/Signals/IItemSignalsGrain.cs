namespace PersoActors.Grains.Interfaces.Decisions;

/// <summary>Cluster-wide item popularity and co-occurrence of one shard of the items (key <c>default/0</c> …
/// <c>default/15</c>, by FNV-1a of the item id), persisted. Every silo's aggregator merges the records of the items
/// it saw into their shards, and reads back the shards whose version changed.</summary>
public interface IItemSignalsGrain : IGrainWithStringKey
{
    /// <summary>Decays the stored signals to the delta's time, adds the delta, persists; returns the new version.</summary>
    Task<long> MergeAsync(ItemSignalDelta delta);

    /// <summary>The current version (cheap).</summary>
    [SafeToRetry]
    Task<long> GetVersionAsync();

    /// <summary>All signals of this shard.</summary>
    [SafeToRetry]
    Task<ItemSignalsData> GetSignalsAsync();
}
