using PersoActors.Storage;

namespace PersoActors.Grains.Hosting;

/// <summary>When a grain call fails because the store is unavailable, the activation is deactivated: the grain changed
/// its memory before the write that failed, so its memory is ahead of the store, and the next call must start from
/// what is stored. One filter for every grain (catalog, experiments, signals…) instead of a rollback in each; the
/// customer grain also guards itself (it must not fold its journal into a snapshot on the way out).
/// A call that succeeds returns its task untouched: no state machine, no allocation on the hot path.</summary>
internal sealed class StoreFaultDeactivation : IIncomingGrainCallFilter
{
    private static readonly DeactivationReason Reason = new(DeactivationReasonCode.ApplicationError, "A state write failed: the store is unavailable.");

    public Task Invoke(IIncomingGrainCallContext context)
    {
        var call = context.Invoke();
        return call.IsCompletedSuccessfully ? call : WatchAsync(call, context);
    }

    private static async Task WatchAsync(Task call, IIncomingGrainCallContext context)
    {
        try
        {
            await call;
        }
        catch (StoreUnavailableException)
        {
            context.TargetContext.Deactivate(Reason);
            throw;
        }
    }
}
