namespace PersoActors.Runtime.Cluster.Membership;

/// <summary>This silo's identity and whether it currently takes grain calls.</summary>
public sealed class LocalSilo
{
    private volatile SiloAddress? address;
    private volatile bool accepting;

    /// <summary>Set once the transport is listening; null in a client (gateway) process.</summary>
    public SiloAddress? Address
    {
        get => address;
        internal set => address = value;
    }

    /// <summary>When this process started.</summary>
    public DateTimeOffset StartTime { get; } = DateTimeOffset.UtcNow;

    /// <summary>True between joining as Active and starting to shut down (or being declared dead).</summary>
    public bool Accepting
    {
        get => accepting;
        internal set => accepting = value;
    }

    /// <summary>Completes when this silo learned that the cluster declared it dead.</summary>
    public Task DeclaredDead => declaredDead.Task;

    private readonly TaskCompletionSource declaredDead = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal void MarkDeclaredDead() => declaredDead.TrySetResult();
}
