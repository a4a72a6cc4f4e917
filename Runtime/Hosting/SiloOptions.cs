namespace PersoActors.Runtime.Hosting;

/// <summary>Settings of one silo, bound from the <c>Silo</c> configuration section.</summary>
public sealed class SiloOptions
{
    /// <summary>How long a caller waits for a grain call before it gets a <see cref="GrainCallTimeoutException"/>.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An activation not called for this long is deactivated (its state flushed).</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the collector looks for idle activations.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>At most this many activations live in the silo; past it the least recently used are deactivated.</summary>
    public int MaxActivations { get; set; } = 2_000_000;
}
