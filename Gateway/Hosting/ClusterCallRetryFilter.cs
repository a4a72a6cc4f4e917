using System.Collections.Concurrent;
using System.Reflection;
using PersoActors.Grains.Interfaces;

namespace PersoActors.Gateway.Hosting;

/// <summary>Repeats a grain call that failed because its silo is gone, until the call timeout: a customer whose
/// silo just died is activated on another silo as soon as the cluster declares it dead (about 2 s), so a site sees
/// the answer a little later instead of an error. A call is repeated only when repeating it is harmless: always when
/// Orleans rejected it before it ran, and, when the silo died with the answer in flight, only for methods marked
/// <see cref="SafeToRetryAttribute"/> (reads and idempotent writes) — anything else is left to fail, and the site
/// gets a 503 to retry with the knowledge that the call may have run.</summary>
internal sealed class ClusterCallRetryFilter(TimeSpan callTimeout, TimeProvider time) : IOutgoingGrainCallFilter
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(500);
    private readonly ConcurrentDictionary<MethodInfo, bool> safeToRetry = new();

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        var started = time.GetTimestamp();
        var pause = FirstPause;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // The first attempt is bounded by Orleans' own response timeout, which is the call timeout.
                await (attempt == 1 ? context.Invoke() : WithinDeadline(context.Invoke(), callTimeout - time.GetElapsedTime(started)));
                return;
            }
            catch (OrleansMessageRejectionException rejected) when (MayRepeat(context, rejected) && time.GetElapsedTime(started) + pause < callTimeout)
            {
                // Jitter spreads the repeats of many callers that lost the same silo at the same moment.
                await Task.Delay(pause * (0.5 + Random.Shared.NextDouble() / 2), time);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
            }
        }
    }

    // Orleans times each attempt on its own; repeated attempts must still end within one call timeout in all.
    private async Task WithinDeadline(Task attempt, TimeSpan remaining)
    {
        try
        {
            await attempt.WaitAsync(remaining, time);
        }
        catch (TimeoutException) when (!attempt.IsCompleted)
        {
            _ = attempt.ContinueWith(static abandoned => abandoned.Exception, TaskContinuationOptions.OnlyOnFaulted);
            throw;
        }
    }

    // SiloUnavailableException: the silo died after the call was sent, so the call may have run there.
    private bool MayRepeat(IOutgoingGrainCallContext context, OrleansMessageRejectionException rejected) =>
        rejected is not SiloUnavailableException
        || safeToRetry.GetOrAdd(context.InterfaceMethod, method => method.IsDefined(typeof(SafeToRetryAttribute), inherit: false));
}
