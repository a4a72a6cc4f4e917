using System.Collections.Concurrent;
using PersoActors.LoadTest.Api;

namespace PersoActors.LoadTest.Metrics;

/// <summary>Counters and latency histograms of one endpoint, striped per processor so that workers
/// recording at the same time rarely touch the same cache lines; a snapshot merges the stripes.</summary>
public sealed class EndpointStats(string name)
{
    private readonly Stripe[] _stripes = Enumerable.Range(0, Math.Max(1, Environment.ProcessorCount)).Select(_ => new Stripe()).ToArray();
    private readonly ConcurrentDictionary<string, long> _errorsByStatus = new();
    private long _requests;
    private long _ok;
    private long _unavailable;
    private long _errors;

    public string Name { get; } = name;

    public long Requests => Volatile.Read(ref _requests);

    public long Ok => Volatile.Read(ref _ok);

    public long Errors => Volatile.Read(ref _errors);

    /// <summary>Records one finished request: latency from the intended send time, service time from the actual send.</summary>
    public void Record(CallOutcome outcome, string statusKey, long latencyMicros, long serviceMicros)
    {
        Interlocked.Increment(ref _requests);
        switch (outcome)
        {
            case CallOutcome.Ok:
                Interlocked.Increment(ref _ok);
                break;
            case CallOutcome.Unavailable:
                Interlocked.Increment(ref _unavailable);
                break;
            default:
                Interlocked.Increment(ref _errors);
                _errorsByStatus.AddOrUpdate(statusKey, 1, static (_, n) => n + 1);
                break;
        }

        var stripe = _stripes[Thread.GetCurrentProcessorId() % _stripes.Length];
        stripe.Latency.Record(latencyMicros);
        stripe.Service.Record(serviceMicros);
    }

    public LatencyHistogram LatencySnapshot() => LatencyHistogram.Merge(_stripes.Select(s => s.Latency));

    public LatencyHistogram ServiceSnapshot() => LatencyHistogram.Merge(_stripes.Select(s => s.Service));

    public EndpointCounters Counters() => new(Name, Requests, Ok, Volatile.Read(ref _unavailable), Errors,
        new SortedDictionary<string, long>(_errorsByStatus, StringComparer.Ordinal));

    private sealed class Stripe
    {
        public LatencyHistogram Latency { get; } = new();

        public LatencyHistogram Service { get; } = new();
    }
}

/// <summary>A copy of an endpoint's counters.</summary>
public sealed record EndpointCounters(string Name, long Requests, long Ok, long Unavailable, long Errors, IReadOnlyDictionary<string, long> ErrorsByStatus);
