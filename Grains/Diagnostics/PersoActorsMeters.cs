using PersoActors.Storage;

namespace PersoActors.Grains.Diagnostics;

/// <summary>The meters a silo publishes, for OpenTelemetry's <c>AddMeter</c>: Orleans' own and ours.</summary>
public static class PersoActorsMeters
{
    /// <summary>Orleans' runtime meter (messaging, activations, directory, membership, storage calls).</summary>
    public const string Orleans = "Microsoft.Orleans";

    /// <summary>Every meter a silo (standalone or embedded in the gateway) publishes.</summary>
    public static IReadOnlyList<string> Silo { get; } = [Orleans, CustomerMetrics.MeterName, StorageMetrics.MeterName];
}
