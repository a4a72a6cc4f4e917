using Microsoft.Extensions.Options;
using PersoActors.Grains.Interfaces.Orchestration;

namespace PersoActors.Grains.Orchestration;

/// <summary>This silo's copy of the triggers: customer grains read it on every stored event batch, and it asks the
/// trigger grain again at most once per <see cref="OrchestrationOptions.TriggerRefreshInterval"/> (one call at a time).</summary>
public sealed class TriggerCatalog(IGrainFactory grains, IOptions<OrchestrationOptions> options)
{
    /// <summary>The key of the trigger grain.</summary>
    public const string Key = "default";

    private readonly Lock gate = new();
    private TriggerConfig current = TriggerConfig.Empty;
    private long? fetchedAt;
    private Task<TriggerConfig>? refreshing;

    /// <summary>The triggers, refreshed if the copy is older than the refresh interval.</summary>
    public ValueTask<TriggerConfig> GetAsync()
    {
        lock (gate)
        {
            if (fetchedAt is { } at && Environment.TickCount64 - at < (long)options.Value.TriggerRefreshInterval.TotalMilliseconds)
            {
                return ValueTask.FromResult(current);
            }

            refreshing ??= RefreshAsync();
            return new ValueTask<TriggerConfig>(refreshing);
        }
    }

    /// <summary>Forgets the copy, so the next read asks the trigger grain (after a change made through this silo).</summary>
    public void Invalidate()
    {
        lock (gate)
        {
            fetchedAt = null;
        }
    }

    private async Task<TriggerConfig> RefreshAsync()
    {
        try
        {
            var config = await grains.GetGrain<ITriggerConfigGrain>(Key).GetConfigAsync();
            lock (gate)
            {
                current = config;
                fetchedAt = Environment.TickCount64;
            }

            return config;
        }
        finally
        {
            lock (gate)
            {
                refreshing = null;
            }
        }
    }
}
