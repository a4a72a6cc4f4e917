using PersoActors.Runtime;

namespace PersoActors.Runtime.Tests.Grains;

public sealed class CounterGrain(ActivationProbe probe) : Grain, ICounterGrain
{
    private int count;
    private int inFlight;
    private int maxInFlight;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Activated(GrainId);
        return Task.CompletedTask;
    }

    public async Task<int> IncrementAsync()
    {
        // Not Interlocked on purpose: the runtime, not the grain, must prevent overlap.
        inFlight++;
        maxInFlight = Math.Max(maxInFlight, inFlight);
        await Task.Yield();
        count++;
        inFlight--;
        return count;
    }

    public Task<int> GetMaxConcurrencyAsync() => Task.FromResult(maxInFlight);
}

public sealed class RegisterState
{
    public string? Value { get; set; }
}

public sealed class RegisterGrain([PersistentState("register")] IPersistentState<RegisterState> register, ActivationProbe probe)
    : Grain, IRegisterGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Activated(GrainId);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            // A stale activation must not write: its state is older than the store's.
            if (reason != DeactivationReason.StaleState)
            {
                await register.WriteStateAsync();
            }
        }
        finally
        {
            probe.Deactivated(GrainId, reason);
        }
    }

    public Task SetAsync(string value)
    {
        register.State.Value = value;
        return Task.CompletedTask;
    }

    public Task SetDurablyAsync(string value)
    {
        register.State.Value = value;
        return register.WriteStateAsync();
    }

    public Task<string?> GetAsync() => Task.FromResult(register.State.Value);
}

public sealed class BehaviourGrain(ActivationProbe probe) : Grain, IBehaviourGrain
{
    public Task<string> EchoAsync(string text)
    {
        probe.Echoed(text);
        return Task.FromResult(text);
    }

    public Task WaitForReleaseAsync() => probe.Release.Task;

    public Task ThrowSynchronouslyAsync(string message) => throw new ArgumentException(message);

    public async Task<int> ThrowAfterAwaitAsync(string message)
    {
        await Task.Yield();
        throw new InvalidOperationException(message);
    }

    public Task<string> CallOtherAsync(string otherKey, string text) =>
        GrainFactory.GetGrain<IBehaviourGrain>(otherKey).EchoAsync(text);
}
