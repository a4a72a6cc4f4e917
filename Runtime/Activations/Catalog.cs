using System.Diagnostics;
using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PersoActors.Runtime.Calls;
using PersoActors.Runtime.Hosting;

namespace PersoActors.Runtime.Activations;

/// <summary>The activations of this silo, by grain id: creates one on the first call, forgets it
/// when it deactivates, and enforces the activation cap.</summary>
internal sealed class Catalog(GrainActivator activator, IServiceProvider services, IOptions<SiloOptions> options, ILogger<Catalog> logger)
{
    private readonly ConcurrentDictionary<GrainId, Activation> activations = new();
    private readonly SiloOptions options = options.Value;
    private volatile bool stopping;

    /// <summary>Raised when the number of activations goes over the cap.</summary>
    public event Action? CapExceeded;

    public GrainActivator Activator { get; } = activator;

    public ILogger Logger { get; } = logger;

    // Resolved on first use: the factory depends on the router, which depends on the catalog.
    public IGrainFactory GrainFactory => field ??= services.GetRequiredService<IGrainFactory>();

    public int Count => activations.Count;

    public long CallTimeoutTicks { get; } = (long)(options.Value.CallTimeout.TotalSeconds * Stopwatch.Frequency);

    /// <summary>Set by a cluster router: takes a call that was queued on a deactivated activation
    /// when the grain is no longer placed on this silo (returns false to keep it here).</summary>
    public Func<GrainId, PendingCall, bool>? Reroute { get; set; }

    public ICollection<Activation> Activations => activations.Values;

    public Task Invoke(GrainId grainId, GrainMethod method, object?[] arguments)
    {
        while (true)
        {
            if (GetOrCreate(grainId).Invoke(method, arguments) is { } task)
            {
                return task;
            }
        }
    }

    public void Resubmit(GrainId grainId, PendingCall call)
    {
        try
        {
            if (Reroute?.Invoke(grainId, call) == true)
            {
                return;
            }

            while (!GetOrCreate(grainId).TryEnqueue(call))
            {
            }
        }
        catch (Exception error)
        {
            call.Fail(error);
        }
    }

    public void Remove(Activation activation) => activations.TryRemove(new(activation.GrainId, activation));

    /// <summary>Deactivates every activation (flushing state) and refuses new ones: graceful shutdown.</summary>
    public async Task DeactivateAllAsync()
    {
        stopping = true;
        var all = activations.Values.ToArray();
        foreach (var activation in all)
        {
            activation.RequestDeactivation(DeactivationReason.ShuttingDown);
        }

        await Task.WhenAll(all.Select(a => a.Deactivated)).ConfigureAwait(false);
    }

    /// <summary>Deactivates activations idle for longer than the collection age, and the least
    /// recently used ones beyond the cap. Returns how many it asked to deactivate.</summary>
    public int Collect()
    {
        var now = Stopwatch.GetTimestamp();
        var age = (long)(options.CollectionAge.TotalSeconds * Stopwatch.Frequency);
        var requested = 0;
        foreach (var activation in activations.Values)
        {
            if (!activation.IsBusy && now - activation.LastUsed >= age)
            {
                activation.RequestDeactivation(DeactivationReason.Idle);
                requested++;
            }
        }

        var excess = activations.Count - requested - options.MaxActivations;
        if (excess > 0)
        {
            foreach (var activation in activations.Values.Where(a => !a.IsBusy).OrderBy(a => a.LastUsed).Take(excess))
            {
                activation.RequestDeactivation(DeactivationReason.CapacityPressure);
                requested++;
            }
        }

        return requested;
    }

    private Activation GetOrCreate(GrainId grainId)
    {
        if (activations.TryGetValue(grainId, out var existing))
        {
            return existing;
        }

        if (stopping)
        {
            throw new SiloStoppingException($"The silo is shutting down; {grainId} cannot be activated here.");
        }

        if (!Activator.CanActivate(grainId.Type))
        {
            throw new InvalidOperationException($"No grain class is registered for grain type '{grainId.Type}' ({grainId}).");
        }

        var created = new Activation(grainId, this);
        if (!activations.TryAdd(grainId, created))
        {
            return activations[grainId];
        }

        _ = created.ActivateAsync();
        if (activations.Count > options.MaxActivations)
        {
            CapExceeded?.Invoke();
        }

        return created;
    }
}

/// <summary>A call reached a silo that no longer activates grains because it is shutting down.</summary>
public sealed class SiloStoppingException(string message) : InvalidOperationException(message);
