using PersoActors.LoadTest.Api;

namespace PersoActors.LoadTest.Metrics;

/// <summary>Everything measured during one phase of a run (ramp-up or steady state).</summary>
public sealed class RunMetrics
{
    private readonly EndpointStats[] _endpoints = Enum.GetValues<EndpointKind>().Select(k => new EndpointStats(GatewayRequests.Label(k))).ToArray();
    private long _skipped;
    private long _droppedByGenerator;

    /// <summary>How late requests left the load driver compared with their scheduled time (µs).</summary>
    public LatencyHistogram DispatchLag { get; } = new();

    public EndpointStats For(EndpointKind kind) => _endpoints[(int)kind];

    public IEnumerable<(EndpointKind Kind, EndpointStats Stats)> Endpoints() =>
        Enum.GetValues<EndpointKind>().Select(k => (k, _endpoints[(int)k]));

    public long TotalRequests => _endpoints.Sum(e => e.Requests);

    public long TotalErrors => _endpoints.Sum(e => e.Errors);

    /// <summary>Steps not sent because their endpoint was found unavailable earlier in the run.</summary>
    public long Skipped => Volatile.Read(ref _skipped);

    /// <summary>Scheduled sends abandoned because too many requests were already in flight.</summary>
    public long DroppedByGenerator => Volatile.Read(ref _droppedByGenerator);

    public void CountSkipped() => Interlocked.Increment(ref _skipped);

    public void CountDroppedByGenerator() => Interlocked.Increment(ref _droppedByGenerator);

    public LatencyHistogram AllLatency() => LatencyHistogram.Merge(_endpoints.Select(e => e.LatencySnapshot()));
}
