using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PersoActors.Runtime.Calls;

namespace PersoActors.Runtime.Activations;

/// <summary>One grain instance in this silo and its mailbox. Runs one turn at a time, in FIFO order:
/// a turn is a call from its start until its Task completes, so grain code never runs concurrently
/// with itself. A call that finds the activation idle runs inline on the caller's thread (no queue,
/// no thread hop); others wait in the queue and are drained on the thread pool.</summary>
internal sealed class Activation : IThreadPoolWorkItem
{
    private const int TurnsPerDrain = 64;

    private readonly object gate = new();
    private readonly Queue<ActivationWork> queue = new();
    private readonly List<GrainTimer> timers = [];
    private readonly Catalog catalog;
    private readonly TaskCompletionSource deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ActivationStatus status = ActivationStatus.Activating;
    private bool busy = true;
    private DeactivationReason? pendingDeactivation;
    private long lastUsed = Stopwatch.GetTimestamp();
    private Grain grain = null!;

    public Activation(GrainId grainId, Catalog catalog)
    {
        GrainId = grainId;
        this.catalog = catalog;
    }

    public GrainId GrainId { get; }

    public IGrainFactory GrainFactory => catalog.GrainFactory;

    /// <summary>When a call last arrived (a Stopwatch timestamp).</summary>
    public long LastUsed => Volatile.Read(ref lastUsed);

    public bool IsBusy => Volatile.Read(ref busy);

    /// <summary>Completes when this activation has been deactivated and removed from the catalog.</summary>
    public Task Deactivated => deactivated.Task;

    /// <summary>Runs or queues a call. Returns null when the activation is already gone; the caller
    /// then asks the catalog again.</summary>
    public Task? Invoke(GrainMethod method, object?[] arguments)
    {
        lock (gate)
        {
            if (status == ActivationStatus.Deactivated)
            {
                return null;
            }

            lastUsed = Stopwatch.GetTimestamp();
            if (busy || status != ActivationStatus.Active)
            {
                var pending = method.CreatePending(arguments);
                queue.Enqueue(pending);
                return pending.Task;
            }

            busy = true;
        }

        var task = method.Invoke(grain, arguments);
        if (task.IsCompleted)
        {
            EndTurn(task);
        }
        else
        {
            task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() => EndTurn(task));
        }

        return task;
    }

    /// <summary>Queues an already pending call (one moved here from a deactivated activation).</summary>
    public bool TryEnqueue(PendingCall call) => TryEnqueue(call, countsAsUse: true);

    /// <summary>Registers a timer whose ticks run as turns of this activation. Ticks do not count as
    /// use, so a grain with only a timer running is still collected when idle.</summary>
    public IDisposable RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new GrainTimer(this, callback);
        lock (gate)
        {
            timers.Add(timer);
        }

        timer.Start(dueTime, period);
        return timer;
    }

    public void Unregister(GrainTimer timer)
    {
        lock (gate)
        {
            timers.Remove(timer);
        }
    }

    /// <summary>Queues a turn; false when the activation is already gone.</summary>
    public bool TryEnqueue(ActivationWork work, bool countsAsUse)
    {
        lock (gate)
        {
            if (status == ActivationStatus.Deactivated)
            {
                return false;
            }

            if (countsAsUse)
            {
                lastUsed = Stopwatch.GetTimestamp();
            }

            queue.Enqueue(work);
            if (busy || status != ActivationStatus.Active)
            {
                return true;
            }

            busy = true;
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        return true;
    }

    /// <summary>Deactivates once the current turn (if any) has ended.</summary>
    public void RequestDeactivation(DeactivationReason reason)
    {
        lock (gate)
        {
            if (status != ActivationStatus.Active || pendingDeactivation is not null)
            {
                return;
            }

            pendingDeactivation = reason;
            if (busy)
            {
                return;
            }

            busy = true;
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    /// <summary>The first turn: create the grain, read its state, run OnActivateAsync.</summary>
    public async Task ActivateAsync()
    {
        try
        {
            grain = await catalog.Activator.CreateAsync(this).ConfigureAwait(false);
            await grain.OnActivateAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            catalog.Logger.LogError(error, "Activation of {GrainId} failed", GrainId);
            Retire(leftover => leftover.Fail(new GrainActivationException($"Activation of {GrainId} failed: {error.Message}", error)));
            return;
        }

        lock (gate)
        {
            status = ActivationStatus.Active;
        }

        EndTurn(Task.CompletedTask);
    }

    public void LogTimerFailure(Exception error) =>
        catalog.Logger.LogError(error, "A timer callback of {GrainId} failed", GrainId);

    /// <summary>Drains queued calls on a thread-pool thread.</summary>
    void IThreadPoolWorkItem.Execute()
    {
        for (var turns = 0; turns < TurnsPerDrain; turns++)
        {
            ActivationWork next;
            lock (gate)
            {
                if (pendingDeactivation is { } reason)
                {
                    status = ActivationStatus.Deactivating;
                    pendingDeactivation = null;
                    _ = DeactivateAsync(reason);
                    return;
                }

                if (!queue.TryDequeue(out next!))
                {
                    busy = false;
                    return;
                }
            }

            if (next.Expires && Stopwatch.GetTimestamp() - next.CreatedAt > catalog.CallTimeoutTicks)
            {
                next.Fail(new GrainCallTimeoutException($"Call {next.Description} on {GrainId} expired in the queue and was not run."));
                continue;
            }

            var task = next.Start(grain);
            if (!task.IsCompleted)
            {
                task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() =>
                {
                    next.CompleteFrom(task);
                    EndTurn(task);
                });
                return;
            }

            next.CompleteFrom(task);
            NoteStaleState(task);
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    private void EndTurn(Task finishedTurn)
    {
        NoteStaleState(finishedTurn);
        lock (gate)
        {
            if (queue.Count == 0 && pendingDeactivation is null)
            {
                busy = false;
                return;
            }
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    private void NoteStaleState(Task finishedTurn)
    {
        if (finishedTurn.Exception?.InnerException is InconsistentStateException)
        {
            lock (gate)
            {
                pendingDeactivation ??= DeactivationReason.StaleState;
            }
        }
    }

    private async Task DeactivateAsync(DeactivationReason reason)
    {
        try
        {
            await grain.OnDeactivateAsync(reason, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            catalog.Logger.LogError(error, "OnDeactivateAsync of {GrainId} failed ({Reason})", GrainId, reason);
        }

        // Calls that arrived meanwhile go to a fresh activation, which reads the state flushed above.
        Retire(call => catalog.Resubmit(GrainId, call));
    }

    private void Retire(Action<PendingCall> handOver)
    {
        ActivationWork[] leftovers;
        GrainTimer[] stopped;
        lock (gate)
        {
            status = ActivationStatus.Deactivated;
            catalog.Remove(this);
            leftovers = [.. queue];
            queue.Clear();
            stopped = [.. timers];
            timers.Clear();
        }

        foreach (var timer in stopped)
        {
            timer.Dispose();
        }

        // Calls move on; timer ticks belong to this activation and end with it.
        foreach (var call in leftovers.OfType<PendingCall>())
        {
            handOver(call);
        }

        deactivated.TrySetResult();
    }

    private enum ActivationStatus
    {
        Activating,
        Active,
        Deactivating,
        Deactivated,
    }
}
