using PersoActors.Runtime.Activations;

namespace PersoActors.Runtime;

/// <summary>Why an activation is being deactivated.</summary>
public enum DeactivationReason
{
    /// <summary>The grain asked for it with <see cref="Grain.DeactivateOnIdle"/>.</summary>
    Requested,
    /// <summary>It was not called for longer than the collection age.</summary>
    Idle,
    /// <summary>The silo holds more activations than its cap; this one was least recently used.</summary>
    CapacityPressure,
    /// <summary>The silo is shutting down.</summary>
    ShuttingDown,
    /// <summary>A state write found newer state in the store: this activation is stale.</summary>
    StaleState,
    /// <summary>This silo no longer owns the grain (the membership view changed).</summary>
    PlacementChanged,
}

/// <summary>Base class of grain implementations. The runtime creates one instance per activation
/// and runs one call at a time on it, so grain code needs no locks.</summary>
public abstract class Grain
{
    private Activation? activation;

    /// <summary>The identity of this grain.</summary>
    public GrainId GrainId => Context.GrainId;

    /// <summary>The key of this grain (for example the customer id).</summary>
    public string GetPrimaryKeyString() => Context.GrainId.Key;

    /// <summary>Gets references to other grains.</summary>
    protected IGrainFactory GrainFactory => Context.GrainFactory;

    /// <summary>Called once per activation, after persistent state was read and before the first call.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called once when the activation is deactivated; flush state here.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs <paramref name="callback"/> after <paramref name="dueTime"/> and then every
    /// <paramref name="period"/>, as a turn of this grain (never concurrently with a call). The timer
    /// ends when the returned handle is disposed or the activation is deactivated; ticks do not keep
    /// an otherwise idle grain alive.</summary>
    protected IDisposable RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        Context.RegisterTimer(callback, dueTime, period);

    /// <summary>Deactivates this activation once the current call has completed.</summary>
    protected void DeactivateOnIdle() => Context.RequestDeactivation(DeactivationReason.Requested);

    private Activation Context => activation ?? throw new InvalidOperationException(
        "This grain was not created by the runtime; obtain grains through IGrainFactory.GetGrain.");

    internal void Attach(Activation owner) => activation = owner;
}
