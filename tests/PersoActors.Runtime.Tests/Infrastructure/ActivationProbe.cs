using System.Collections.Concurrent;
using PersoActors.Runtime;

namespace PersoActors.Runtime.Tests;

/// <summary>Lets tests observe (and await) what the runtime does to test grains.</summary>
public sealed class ActivationProbe
{
    private readonly ConcurrentDictionary<GrainId, int> activations = new();
    private readonly ConcurrentDictionary<GrainId, TaskCompletionSource<DeactivationReason>> deactivations = new();

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<string> Echoes { get; } = new();

    private readonly TaskCompletionSource<GrainId> fiveTicks = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Overlaps { get; private set; }

    public Task<GrainId> FiveTicks => fiveTicks.Task;

    public void Ticked(GrainId id) => fiveTicks.TrySetResult(id);

    public void Overlapped() => Overlaps++;

    public void Echoed(string text) => Echoes.Enqueue(text);

    public int ActivationsOf(GrainId id) => activations.GetValueOrDefault(id);

    public int TotalActivations => activations.Values.Sum();

    public void Activated(GrainId id) => activations.AddOrUpdate(id, 1, (_, n) => n + 1);

    public void Deactivated(GrainId id, DeactivationReason reason) => DeactivationOf(id).TrySetResult(reason);

    public bool WasDeactivated(GrainId id) => deactivations.TryGetValue(id, out var tcs) && tcs.Task.IsCompleted;

    /// <summary>Completes with the reason when the grain's next deactivation has flushed its state.</summary>
    public Task<DeactivationReason> NextDeactivation(GrainId id) => DeactivationOf(id).Task;

    public void ForgetDeactivation(GrainId id) => deactivations.TryRemove(id, out _);

    private TaskCompletionSource<DeactivationReason> DeactivationOf(GrainId id) =>
        deactivations.GetOrAdd(id, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
}
