using Microsoft.Extensions.Options;
using PersoActors.Grains.Interfaces.Orchestration;

namespace PersoActors.Grains.Orchestration;

/// <summary>This silo's copy of the triggers: customer grains read it on every stored event batch, and it asks the
/// trigger grain again at most once per <see cref="OrchestrationOptions.TriggerRefreshInterval"/> (one call at a time).</summary>
public sealed class TriggerCatalog
{
    /// <summary>The key of the trigger grain.</summary>
    public const string Key = "default";

    private readonly Func<Task<TriggerConfig>> fetch;
    private readonly IOptions<OrchestrationOptions> options;
    private readonly Lock gate = new();
    private TriggerConfig current = TriggerConfig.Empty;
    private long? fetchedAt;
    private Task<TriggerConfig>? refreshing;
    private long refreshesStarted;
    private long newestStored;

    /// <summary>A catalog that reads the trigger grain through <paramref name="grains"/>.</summary>
    public TriggerCatalog(IGrainFactory grains, IOptions<OrchestrationOptions> options)
        : this(() => grains.GetGrain<ITriggerConfigGrain>(Key).GetConfigAsync(), options)
    {
    }

    internal TriggerCatalog(Func<Task<TriggerConfig>> fetch, IOptions<OrchestrationOptions> options)
    {
        this.fetch = fetch;
        this.options = options;
    }

    /// <summary>The triggers, refreshed if the copy is older than the refresh interval.</summary>
    public ValueTask<TriggerConfig> GetAsync()
    {
        lock (gate)
        {
            if (fetchedAt is { } at && Environment.TickCount64 - at < (long)options.Value.TriggerRefreshInterval.TotalMilliseconds)
            {
                return ValueTask.FromResult(current);
            }

            // Only a refresh still in flight is shared. A finished one is never handed out again: a grain call can
            // complete before its caller awaits it, and a task kept after that would answer its config forever.
            if (refreshing is not { IsCompleted: false })
            {
                refreshing = RefreshAsync(++refreshesStarted);
            }

            return new ValueTask<TriggerConfig>(refreshing);
        }
    }

    /// <summary>Forgets the copy, so the next read asks the trigger grain (after a change made through this silo); a
    /// read already in flight may have been answered before the change, so it is not shared any more.</summary>
    public void Invalidate()
    {
        lock (gate)
        {
            fetchedAt = null;
            refreshing = null;
        }
    }

    private async Task<TriggerConfig> RefreshAsync(long number)
    {
        var config = await fetch();
        lock (gate)
        {
            // Answers can arrive out of order; an older read never replaces what a newer one stored, and while a newer
            // read is in flight (one started after a change) the copy is not fresh: readers wait for that one.
            if (number > newestStored)
            {
                newestStored = number;
                current = config;
                fetchedAt = number == refreshesStarted ? Environment.TickCount64 : null;
            }

            return current;
        }
    }
}
