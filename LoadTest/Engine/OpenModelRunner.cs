using System.Collections.Concurrent;
using System.Diagnostics;
using PersoActors.LoadTest.Api;
using PersoActors.LoadTest.Simulation;

namespace PersoActors.LoadTest.Engine;

/// <summary>
/// Open model: a dedicated dispatcher thread sends request i at its scheduled time whatever happened to the
/// earlier ones. Each slot is given to a visit whose user has finished thinking; when none is ready a new
/// user arrives. A slow gateway therefore sees more concurrent users, as in production, instead of fewer
/// requests, and every latency is measured from the scheduled time.
/// </summary>
public sealed class OpenModelRunner(LoadTestSettings settings, StepExecutor executor, UserPopulation population)
{
    private readonly ConcurrentQueue<(SimulatedSession Session, long ReadyAt)> _returned = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _inFlight;
    private volatile bool _dispatchDone;

    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>Sends that were scheduled.</summary>
    public long Scheduled { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var schedule = new ArrivalSchedule(settings.Rate, settings.RampUp, settings.Duration);
        var dispatched = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Dispatch(schedule, cancellationToken);
                dispatched.SetResult();
            }
            catch (Exception e)
            {
                dispatched.SetException(e);
            }
        })
        { IsBackground = true, Name = "open-model dispatcher", Priority = ThreadPriority.AboveNormal };
        thread.Start();
        try
        {
            await dispatched.Task.ConfigureAwait(false);
        }
        finally
        {
            _dispatchDone = true;
            if (Interlocked.Read(ref _inFlight) == 0)
            {
                _drained.TrySetResult();
            }
        }

        await _drained.Task.WaitAsync(settings.RequestTimeout + TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
    }

    private void Dispatch(ArrivalSchedule schedule, CancellationToken cancellationToken)
    {
        var start = executor.Metrics.StartTimestamp;
        var waiting = new PriorityQueue<SimulatedSession, long>();
        var availability = executor.Client.Availability;
        for (long i = 0; ; i++)
        {
            if (schedule.SendTime(i) is not { } offset)
            {
                break;
            }

            var intended = start + (long)(offset.TotalSeconds * Stopwatch.Frequency);
            while (_returned.TryDequeue(out var back))
            {
                waiting.Enqueue(back.Session, back.ReadyAt);
            }

            // Prepare the request before waiting so that the send itself leaves on time.
            var (session, call) = NextCall(waiting, availability, intended);
            PreciseWait.Until(intended, cancellationToken);
            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            Scheduled = i + 1;
            var phase = executor.Metrics.At(intended);
            if (Interlocked.Read(ref _inFlight) >= settings.MaxInFlight)
            {
                phase.CountDroppedByGenerator();
                waiting.Enqueue(session, Stopwatch.GetTimestamp());
                continue;
            }

            Interlocked.Increment(ref _inFlight);
            _ = SendAsync(session, call, intended, cancellationToken);
        }
    }

    private (SimulatedSession, GatewayCall) NextCall(PriorityQueue<SimulatedSession, long> waiting, EndpointAvailability availability, long at)
    {
        for (var attempt = 0; attempt < 10_000; attempt++)
        {
            var session = waiting.TryPeek(out _, out var readyAt) && readyAt <= at
                ? waiting.Dequeue()
                : population.StartSession();
            if (session.Next(availability, () => executor.Metrics.Current.CountSkipped()) is { } call)
            {
                return (session, call);
            }

            population.EndSession(session);
        }

        throw new InvalidOperationException("Every endpoint the simulated users call is unavailable on the target gateway.");
    }

    private async Task SendAsync(SimulatedSession session, GatewayCall call, long intended, CancellationToken cancellationToken)
    {
        try
        {
            await executor.ExecuteAsync(session, call, intended, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _returned.Enqueue((session, Stopwatch.GetTimestamp() + (long)(session.NextThinkTime().TotalSeconds * Stopwatch.Frequency)));
            if (Interlocked.Decrement(ref _inFlight) == 0 && _dispatchDone)
            {
                _drained.TrySetResult();
            }
        }
    }
}
