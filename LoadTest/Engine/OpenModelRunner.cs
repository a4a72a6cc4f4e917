using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using PersoActors.LoadTest.Api;
using PersoActors.LoadTest.Simulation;

namespace PersoActors.LoadTest.Engine;

/// <summary>
/// Open model: a dedicated dispatcher thread releases request i at its scheduled time whatever happened to the
/// earlier ones. Each slot is given to a visit whose user has finished thinking; when none is ready a new
/// user arrives. A slow gateway therefore sees more concurrent users, as in production, instead of fewer
/// requests, and every latency is measured from the scheduled time.
/// <para>The dispatcher only keeps time: it puts each due slot in a queue served by one sender per connection
/// (<see cref="LoadTestSettings.Connections"/> per target), which builds the request (the simulation) and sends it
/// on the thread pool. A slot that finds every connection busy waits in that queue, and the wait is part of its
/// latency. So one thread's CPU does not cap the rate, and a backlog costs a queue entry, not an open socket,
/// a timer and a thread-pool item each (which made the driver itself collapse once it fell behind).</para>
/// </summary>
public sealed class OpenModelRunner(LoadTestSettings settings, StepExecutor executor, UserPopulation population)
{
    private readonly ConcurrentQueue<(SimulatedSession Session, long ReadyAt)> _returned = new();
    private readonly Channel<Slot> _due = Channel.CreateUnbounded<Slot>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly CancellationTokenSource _failed = new();
    private long _inFlight;

    /// <summary>Requests released by the dispatcher and not answered yet (queued for a connection or sent).</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>Sends that were scheduled.</summary>
    public long Scheduled { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var schedule = new ArrivalSchedule(settings.Rate, settings.RampUp, settings.Duration);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _failed.Token);
        var senders = Enumerable.Range(0, settings.Connections * Math.Max(1, settings.Targets.Count))
            .Select(_ => Task.Run(() => SenderAsync(stop.Token), CancellationToken.None))
            .ToArray();
        var dispatched = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Dispatch(schedule, stop.Token);
                dispatched.SetResult();
            }
            catch (Exception e)
            {
                dispatched.SetException(e);
            }
            finally
            {
                _due.Writer.TryComplete();
            }
        })
        { IsBackground = true, Name = "open-model dispatcher", Priority = ThreadPriority.AboveNormal };
        thread.Start();

        var all = Task.WhenAll(senders);
        try
        {
            await dispatched.Task.ConfigureAwait(false);
        }
        finally
        {
            // Slots still queued are sent or, once older than the request timeout, recorded as timeouts: bounded.
            await all.WaitAsync(settings.RequestTimeout * 2 + TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
        }
    }

    private void Dispatch(ArrivalSchedule schedule, CancellationToken cancellationToken)
    {
        var start = executor.Metrics.StartTimestamp;
        var waiting = new PriorityQueue<SimulatedSession, long>();
        var previous = start;
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

            // A user who has finished thinking takes the slot; otherwise a new user arrives (started by the sender).
            var session = waiting.TryPeek(out _, out var readyAt) && readyAt <= intended ? waiting.Dequeue() : null;
            // Spin for at most a tenth of the gap between sends: at 10k/s a fixed 200 µs window would mean spinning
            // all the time, a whole core taken from the system being measured. A send released a little late (timer
            // slack, ~50–100 µs) is measured from its scheduled time all the same.
            PreciseWait.Until(intended, Math.Min(PreciseWait.DefaultSpinWindow, (intended - previous) / 10), cancellationToken);
            previous = intended;
            if (cancellationToken.IsCancellationRequested)
            {
                if (session is not null)
                {
                    population.EndSession(session);
                }

                break;
            }

            Scheduled = i + 1;
            if (Interlocked.Read(ref _inFlight) >= settings.MaxInFlight)
            {
                executor.Metrics.At(intended).CountDroppedByGenerator();
                if (session is not null)
                {
                    waiting.Enqueue(session, Stopwatch.GetTimestamp());
                }

                continue;
            }

            Interlocked.Increment(ref _inFlight);
            _due.Writer.TryWrite(new Slot(session, intended));
        }
    }

    private async Task SenderAsync(CancellationToken cancellationToken)
    {
        var reader = _due.Reader;
        var timeoutTicks = (long)(settings.RequestTimeout.TotalSeconds * Stopwatch.Frequency);
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var slot))
                {
                    await SendAsync(slot, timeoutTicks, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch
        {
            // Every endpoint unavailable: stop the run; the exception surfaces from RunAsync.
            await _failed.CancelAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            while (reader.TryRead(out var slot))
            {
                if (slot.Session is not null)
                {
                    population.EndSession(slot.Session);
                }

                Interlocked.Decrement(ref _inFlight);
            }
        }
    }

    private async Task SendAsync(Slot slot, long timeoutTicks, CancellationToken cancellationToken)
    {
        SimulatedSession? session = null;
        try
        {
            (session, var call) = NextCall(slot.Session);
            if (Stopwatch.GetTimestamp() - slot.Intended > timeoutTicks)
            {
                // The user gave up while the request waited for a connection: sending it now would only add load.
                executor.RecordNotSent(session, call, slot.Intended);
            }
            else
            {
                await executor.ExecuteAsync(session, call, slot.Intended, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (session is not null && settings.Scenario != Scenario.Visits)
            {
                // One request per visit: the visit is over, so its customer is free for the next arrival now. Handed
                // back to the dispatcher, it would stay busy until a later slot found the visit over — seconds in a
                // backlog, during which every returning customer was busy and arrivals became new (cold) customers,
                // slowing the gateway further: a feedback loop that turned a backlog into a collapse.
                population.EndSession(session);
            }
            else if (session is not null)
            {
                _returned.Enqueue((session, Stopwatch.GetTimestamp() + (long)(session.NextThinkTime().TotalSeconds * Stopwatch.Frequency)));
            }

            Interlocked.Decrement(ref _inFlight);
        }
    }

    private (SimulatedSession, GatewayCall) NextCall(SimulatedSession? session)
    {
        var availability = executor.Client.Availability;
        for (var attempt = 0; attempt < 10_000; attempt++)
        {
            session ??= population.StartSession();
            if (session.Next(availability, () => executor.Metrics.Current.CountSkipped()) is { } call)
            {
                return (session, call);
            }

            population.EndSession(session);
            session = null;
        }

        throw new InvalidOperationException("Every endpoint the simulated users call is unavailable on the target gateway.");
    }

    /// <summary>A due request: the user who makes it (null: a new user arrives) and its scheduled time.</summary>
    private readonly record struct Slot(SimulatedSession? Session, long Intended);
}
