namespace PersoActors.Grains.Decisions;

/// <summary>Everything a decision reads, immutable and consistent: catalog, item signals joined with it, and
/// compiled config. Swapped atomically by <see cref="DecisionSnapshotHolder"/>; decisions never lock.</summary>
public sealed record DecisionSnapshot(CatalogSnapshot Catalog, SignalIndex Signals, CompiledDecisionConfig Config)
{
    public static DecisionSnapshot Empty { get; } =
        new(CatalogSnapshot.Empty, SignalIndex.Build(CatalogSnapshot.Empty, null), CompiledDecisionConfig.Default);

    /// <summary>A snapshot built directly (tests, benchmarks, tools).</summary>
    public static DecisionSnapshot Create(CatalogSnapshot catalog, Interfaces.Decisions.ItemSignalsData? signals = null, CompiledDecisionConfig? config = null) =>
        new(catalog, SignalIndex.Build(catalog, signals), config ?? CompiledDecisionConfig.Default);
}
