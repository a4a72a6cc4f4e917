using PersoActors.Runtime;

namespace PersoActors.Runtime.Tests.Grains;

public interface ITimerGrain : IGrainWithStringKey
{
    /// <summary>Activates the grain (its timer starts in OnActivateAsync) and returns the ticks so far.</summary>
    Task<int> GetTicksAsync();

    /// <summary>A call that spans an await, so a tick running concurrently would be seen.</summary>
    Task SlowCallAsync();
}

public sealed class TimerGrain(ActivationProbe probe) : Grain, ITimerGrain
{
    private int ticks;
    private bool inTurn;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        RegisterTimer(OnTickAsync, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10));
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Deactivated(GrainId, reason);
        return Task.CompletedTask;
    }

    public Task<int> GetTicksAsync() => Task.FromResult(ticks);

    public async Task SlowCallAsync()
    {
        inTurn = true;
        await Task.Delay(30);
        inTurn = false;
    }

    private async Task OnTickAsync(CancellationToken cancellationToken)
    {
        if (inTurn)
        {
            probe.Overlapped();
        }

        await Task.Yield();
        if (++ticks == 5)
        {
            probe.Ticked(GrainId);
        }
    }
}
