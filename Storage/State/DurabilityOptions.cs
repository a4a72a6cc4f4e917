namespace PersoActors.Storage;

/// <summary>Durability of behaviour events, bound from the <c>Storage</c> configuration section
/// (<c>Storage:Durability</c>, <c>Storage:RelaxedFlushInterval</c>, <c>Storage:RelaxedMaxPending</c>).
/// Consent, preference and erasure changes are always durable, whatever is set here.</summary>
public sealed class DurabilityOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Storage";

    /// <summary>The longest <see cref="RelaxedFlushInterval"/> accepted.</summary>
    public static readonly TimeSpan MaxRelaxedFlushInterval = TimeSpan.FromSeconds(1);

    /// <summary>The largest <see cref="RelaxedMaxPending"/> accepted.</summary>
    public const int MaxRelaxedPending = 100_000;

    /// <summary>How behaviour events are acknowledged when a request does not say: <see cref="WriteDurability.Durable"/>
    /// (default) or <see cref="WriteDurability.Relaxed"/>.</summary>
    public WriteDurability Durability { get; set; } = WriteDurability.Durable;

    /// <summary>The oldest a relaxed (acknowledged, not yet committed) write may get: while the oldest pending one is
    /// older than this, further relaxed writes wait until they are durable. Above 0, at most 1 s; default 100 ms.</summary>
    public TimeSpan RelaxedFlushInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How many relaxed writes a store holds acknowledged but not committed; beyond that, further relaxed
    /// writes wait until they are durable (never dropped). 1 to 100,000; default 10,000.</summary>
    public int RelaxedMaxPending { get; set; } = 10_000;

    /// <summary>What is wrong with these options, or null when they are valid.</summary>
    public string? Problem() =>
        !Enum.IsDefined(Durability) ? $"{Section}:Durability must be Durable or Relaxed"
        : RelaxedFlushInterval <= TimeSpan.Zero || RelaxedFlushInterval > MaxRelaxedFlushInterval
            ? $"{Section}:RelaxedFlushInterval must be above 0 and at most {MaxRelaxedFlushInterval} (was {RelaxedFlushInterval})"
        : RelaxedMaxPending is < 1 or > MaxRelaxedPending
            ? $"{Section}:RelaxedMaxPending must be 1 to {MaxRelaxedPending:N0} (was {RelaxedMaxPending})"
        : null;
}
