using System.Diagnostics;
using PersoActors.LoadTest.Metrics;

namespace PersoActors.LoadTest.Engine;

/// <summary>Ramp-up and steady-state measurements kept apart: a request belongs to the phase of its intended
/// send time, and the report shows the steady state.</summary>
public sealed class PhasedMetrics(long startTimestamp, TimeSpan rampUp)
{
    private readonly long _steadyFrom = startTimestamp + (long)(rampUp.TotalSeconds * Stopwatch.Frequency);

    public long StartTimestamp { get; } = startTimestamp;

    public long SteadyStartTimestamp => _steadyFrom;

    public RunMetrics RampUp { get; } = new();

    public RunMetrics Steady { get; } = new();

    public RunMetrics At(long timestamp) => timestamp >= _steadyFrom ? Steady : RampUp;

    public RunMetrics Current => At(Stopwatch.GetTimestamp());

    public static long Micros(long stopwatchTicks) => stopwatchTicks * 1_000_000 / Stopwatch.Frequency;
}
