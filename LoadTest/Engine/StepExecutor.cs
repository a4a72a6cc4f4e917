using System.Diagnostics;
using PersoActors.LoadTest.Api;
using PersoActors.LoadTest.Simulation;

namespace PersoActors.LoadTest.Engine;

/// <summary>Sends one step of a visit and records it: latency from the intended send time (so a slow gateway
/// cannot hide queueing delay: no coordinated omission), service time from the actual send, and how late the
/// driver itself was.</summary>
public sealed class StepExecutor(GatewayClient client, PhasedMetrics metrics)
{
    public GatewayClient Client => client;

    public PhasedMetrics Metrics => metrics;

    public async Task<CallResult> ExecuteAsync(SimulatedSession session, GatewayCall call, long intendedTimestamp, CancellationToken cancellationToken)
    {
        var phase = metrics.At(intendedTimestamp);
        var sent = Stopwatch.GetTimestamp();
        phase.DispatchLag.Record(PhasedMetrics.Micros(sent - intendedTimestamp));
        var result = await client.SendAsync(call, cancellationToken).ConfigureAwait(false);
        var done = Stopwatch.GetTimestamp();
        phase.For(call.Kind).Record(result.Outcome, result.StatusKey,
            PhasedMetrics.Micros(done - intendedTimestamp), PhasedMetrics.Micros(done - sent));
        session.Complete(call, result);
        return result;
    }

    /// <summary>Records a request that waited for a connection longer than the request timeout and was never sent:
    /// a timeout, with its latency from the intended send time.</summary>
    public void RecordNotSent(SimulatedSession session, GatewayCall call, long intendedTimestamp)
    {
        var result = new CallResult(CallOutcome.Error, "timeout_before_send", 0, []);
        var latency = PhasedMetrics.Micros(Stopwatch.GetTimestamp() - intendedTimestamp);
        var phase = metrics.At(intendedTimestamp);
        phase.DispatchLag.Record(latency);
        phase.For(call.Kind).Record(result.Outcome, result.StatusKey, latency, 0);
        session.Complete(call, result);
    }
}
