using Microsoft.Extensions.Options;
using PersoActors.Runtime.Activations;
using PersoActors.Runtime.Calls;
using PersoActors.Runtime.Cluster.Membership;
using PersoActors.Runtime.Cluster.Transport;
using PersoActors.Runtime.Hosting;

namespace PersoActors.Runtime.Cluster.Routing;

/// <summary>Routes each call to the owner of its grain in the current view: this silo's catalog
/// (no serialization) or another silo through the transport. Calls that failed because the view
/// was stale (owner unreachable, rejected, shutting down) are retried on the owner of a newer view
/// until the call timeout; a call whose state write was fenced (<see cref="InconsistentStateException"/>)
/// is retried once its stale activation is gone, on a fresh activation that reads current state.
/// In a client (gateway) process there is no catalog and every call goes over the transport.</summary>
internal sealed class ClusterCallRouter : IGrainCallRouter, IInboundCallHandler, ICallRetry
{
    private const int MaxFencedRetries = 3;
    private static readonly TimeSpan RetryWait = TimeSpan.FromMilliseconds(200);

    private readonly ClusterMembership membership;
    private readonly TransportClient transport;
    private readonly LocalSilo local;
    private readonly Catalog? catalog;
    private readonly CallCounter calls;
    private readonly TimeSpan callTimeout;

    public ClusterCallRouter(ClusterMembership membership, TransportClient transport, LocalSilo local, CallCounter calls, IOptions<SiloOptions> options, Catalog? catalog = null)
    {
        this.membership = membership;
        this.transport = transport;
        this.local = local;
        this.catalog = catalog;
        this.calls = calls;
        callTimeout = options.Value.CallTimeout;
        if (catalog is not null)
        {
            catalog.Reroute = Reroute;
        }

        membership.ViewChanged += view => transport.Retain([.. view.Entries.Where(e => e.Status != SiloStatus.Dead).Select(e => e.Silo)]);
    }

    public Task Invoke(GrainId grainId, GrainMethod method, object?[] arguments)
    {
        var view = membership.View;
        if (view.OwnerOf(grainId) is { } owner && owner != local.Address)
        {
            // Remote: the transport completes the caller's Task itself and hands back only
            // failures worth retrying (one promise per call, no extra continuation).
            var remote = method.CreatePending(arguments);
            transport.Send(owner, grainId, remote, 0, callTimeout, this);
            return remote.Task;
        }

        var attempt = TryOnce(view, grainId, method, arguments, hops: 0);
        if (attempt.IsCompletedSuccessfully)
        {
            return attempt;
        }

        var pending = method.CreatePending(arguments);
        _ = RetryAsync(attempt, view.Version, pending, grainId);
        return pending.Task;
    }

    public Task Handle(GrainId grainId, GrainMethod method, object?[] arguments, byte hops)
    {
        var view = membership.View;
        var owner = view.OwnerOf(grainId);
        if (owner is not null && owner == local.Address && local.Accepting)
        {
            return InvokeLocal(grainId, method, arguments);
        }

        if (hops == 0 && owner is not null && owner != local.Address)
        {
            // The caller's view is behind ours: pass the call on once.
            return transport.Invoke(owner, grainId, method, arguments, 1, callTimeout);
        }

        membership.RequestRefresh();
        return Task.FromException(new CallRejectedException(
            $"Silo {local.Address} does not own {grainId} in view {view.Version} (owner: {owner?.ToString() ?? "none"})."));
    }

    private Task TryOnce(MembershipView view, GrainId grainId, GrainMethod method, object?[] arguments, byte hops)
    {
        var owner = view.OwnerOf(grainId);
        if (owner is null)
        {
            return Task.FromException(new SiloUnavailableException($"No active silo in view {view.Version} to place {grainId} on."));
        }

        if (owner == local.Address)
        {
            return local.Accepting
                ? InvokeLocal(grainId, method, arguments)
                : Task.FromException(new SiloStoppingException($"Silo {owner} is not taking calls."));
        }

        return transport.Invoke(owner, grainId, method, arguments, hops, callTimeout);
    }

    private Task InvokeLocal(GrainId grainId, GrainMethod method, object?[] arguments)
    {
        calls.Increment();
        try
        {
            return catalog!.Invoke(grainId, method, arguments);
        }
        catch (Exception error)
        {
            return Task.FromException(error);
        }
    }

    private async Task RetryAsync(Task attempt, long viewVersion, PendingCall pending, GrainId grainId)
    {
        var deadline = Environment.TickCount64 + (long)callTimeout.TotalMilliseconds;
        var fenced = 0;
        while (true)
        {
            try
            {
                await attempt.ConfigureAwait(false);
            }
            catch
            {
                // Inspected below.
            }

            var error = attempt.Exception?.InnerException;
            var staleView = error is SiloUnavailableException or CallRejectedException or SiloStoppingException;
            var staleActivation = error is InconsistentStateException && fenced++ < MaxFencedRetries;
            if (attempt.IsCompletedSuccessfully || !(staleView || staleActivation) || Environment.TickCount64 >= deadline)
            {
                pending.CompleteFrom(attempt);
                return;
            }

            if (staleView)
            {
                await membership.WaitForNewerAsync(viewVersion, RetryWait).ConfigureAwait(false);
            }

            var view = membership.View;
            viewVersion = view.Version;
            attempt = TryOnce(view, grainId, pending.Method, pending.Arguments, hops: 0);
        }
    }

    bool ICallRetry.TryRetry(PendingCall pending, GrainId grainId, Exception error)
    {
        if (!IsRetryable(error))
        {
            return false;
        }

        _ = RetryAsync(Task.FromException(error), membership.View.Version, pending, grainId);
        return true;
    }

    private static bool IsRetryable(Exception error) =>
        error is SiloUnavailableException or CallRejectedException or SiloStoppingException or InconsistentStateException;

    /// <summary>A call queued on an activation that deactivated because the grain moved away (or
    /// the silo is draining) goes to the grain's current owner instead of a new local activation.</summary>
    private bool Reroute(GrainId grainId, PendingCall call)
    {
        if (local.Accepting && membership.View.OwnerOf(grainId) == local.Address)
        {
            return false;
        }

        var rerouted = Invoke(grainId, call.Method, call.Arguments);
        rerouted.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() => call.CompleteFrom(rerouted));
        return true;
    }
}
