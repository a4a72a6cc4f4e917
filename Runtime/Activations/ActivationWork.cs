using System.Diagnostics;

namespace PersoActors.Runtime.Activations;

/// <summary>A turn waiting in an activation's queue: a grain call or a timer tick.</summary>
internal abstract class ActivationWork
{
    /// <summary>When the work was queued (a Stopwatch timestamp).</summary>
    public long CreatedAt { get; } = Stopwatch.GetTimestamp();

    /// <summary>True when the work is dropped once older than the call timeout, because whoever
    /// waited for it has already been told it timed out.</summary>
    public abstract bool Expires { get; }

    public abstract string Description { get; }

    /// <summary>Starts the turn on the grain; the turn lasts until the returned Task completes.</summary>
    public abstract Task Start(object grain);

    /// <summary>Reports the outcome of the turn to whoever waits for it.</summary>
    public abstract void CompleteFrom(Task turn);

    public abstract void Fail(Exception error);
}
