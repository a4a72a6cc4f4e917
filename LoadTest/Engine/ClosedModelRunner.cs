using System.Diagnostics;
using PersoActors.LoadTest.Simulation;

namespace PersoActors.LoadTest.Engine;

/// <summary>
/// Closed model: N virtual users, each making one request at a time and thinking between requests; users
/// start evenly spread over the ramp-up. Throughput follows the gateway's speed, so this model answers
/// "how many users can it serve", not "what latency at a given rate".
/// </summary>
public sealed class ClosedModelRunner(LoadTestSettings settings, StepExecutor executor, UserPopulation population)
{
    private long _active;

    public long ActiveUsers => Interlocked.Read(ref _active);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var start = executor.Metrics.StartTimestamp;
        var end = start + (long)((settings.RampUp + settings.Duration).TotalSeconds * Stopwatch.Frequency);
        var users = Enumerable.Range(0, settings.Users).Select(u =>
        {
            var startOffset = settings.Users <= 1 ? TimeSpan.Zero : settings.RampUp * u / settings.Users;
            return Task.Run(() => UserAsync(startOffset, end, cancellationToken), CancellationToken.None);
        }).ToArray();
        await Task.WhenAll(users).ConfigureAwait(false);
    }

    private async Task UserAsync(TimeSpan startOffset, long end, CancellationToken cancellationToken)
    {
        var started = false;
        try
        {
            if (startOffset > TimeSpan.Zero)
            {
                await Task.Delay(startOffset, cancellationToken).ConfigureAwait(false);
            }

            started = true;
            Interlocked.Increment(ref _active);
            var availability = executor.Client.Availability;
            while (!cancellationToken.IsCancellationRequested && Stopwatch.GetTimestamp() < end)
            {
                var session = population.StartSession();
                var calls = 0;
                while (Stopwatch.GetTimestamp() < end
                    && session.Next(availability, () => executor.Metrics.Current.CountSkipped()) is { } call)
                {
                    calls++;
                    await executor.ExecuteAsync(session, call, Stopwatch.GetTimestamp(), cancellationToken).ConfigureAwait(false);
                    var think = session.NextThinkTime();
                    if (think > TimeSpan.Zero)
                    {
                        await Task.Delay(think, cancellationToken).ConfigureAwait(false);
                    }
                }

                population.EndSession(session);
                if (calls == 0)
                {
                    // Every endpoint of the visit is unavailable: do not spin.
                    await Task.Delay(10, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (started)
            {
                Interlocked.Decrement(ref _active);
            }
        }
    }
}
