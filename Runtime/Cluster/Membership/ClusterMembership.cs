namespace PersoActors.Runtime.Cluster.Membership;

/// <summary>The current membership view of this process (silo or gateway), and a way to wait
/// for the next one. Fed by the membership agent (silo) or watcher (client).</summary>
public sealed class ClusterMembership
{
    private readonly object gate = new();
    private MembershipView view = MembershipView.Empty;
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource refreshRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The latest view.</summary>
    public MembershipView View => Volatile.Read(ref view);

    /// <summary>Raised (on the refreshing thread) when a view with a higher version is adopted.</summary>
    public event Action<MembershipView>? ViewChanged;

    /// <summary>Completes when a view newer than <paramref name="version"/> is adopted, or after <paramref name="timeout"/>.</summary>
    public Task WaitForNewerAsync(long version, TimeSpan timeout)
    {
        Task next;
        lock (gate)
        {
            if (view.Version > version)
            {
                return Task.CompletedTask;
            }

            next = changed.Task;
            refreshRequested.TrySetResult();
        }

        return Task.WhenAny(next, Task.Delay(timeout));
    }

    /// <summary>Asks the agent or watcher to re-read the table now rather than at its next period.</summary>
    public void RequestRefresh()
    {
        lock (gate)
        {
            refreshRequested.TrySetResult();
        }
    }

    /// <summary>Completes when someone asked for an early table read (a call found a stale view).</summary>
    internal Task RefreshRequested
    {
        get
        {
            lock (gate)
            {
                return refreshRequested.Task;
            }
        }
    }

    internal void Publish(MembershipSnapshot snapshot)
    {
        MembershipView adopted;
        TaskCompletionSource signal;
        lock (gate)
        {
            if (refreshRequested.Task.IsCompleted)
            {
                refreshRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            if (snapshot.Version < view.Version)
            {
                return;
            }

            var newer = snapshot.Version > view.Version;
            adopted = new MembershipView(snapshot);
            Volatile.Write(ref view, adopted);
            if (!newer)
            {
                return; // Same version: only heartbeats and load figures changed.
            }

            signal = changed;
            changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        ViewChanged?.Invoke(adopted);
        signal.TrySetResult();
    }
}
