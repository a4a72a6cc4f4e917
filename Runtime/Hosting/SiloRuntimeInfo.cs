using PersoActors.Runtime.Activations;

namespace PersoActors.Runtime.Hosting;

/// <summary>Live figures of the silo in this process, for operations endpoints.</summary>
public sealed class SiloRuntimeInfo
{
    private readonly Catalog catalog;

    internal SiloRuntimeInfo(Catalog catalog) => this.catalog = catalog;

    /// <summary>When this silo started.</summary>
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>Grain activations currently in this silo.</summary>
    public int Activations => catalog.Count;
}
