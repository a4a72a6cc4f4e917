using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>Per-silo collector of item interactions. Customer grains call <see cref="TryRecord"/>, which never
/// blocks: interactions go into a bounded channel (dropped and counted when full) that a background loop drains
/// into an accumulator; every <see cref="DecisionOptions.SignalsFlushInterval"/> the accumulated delta is merged
/// into the <see cref="IItemSignalsGrain"/> shards of the items it touched and the silo's snapshot is refreshed.</summary>
public sealed class ItemSignalAggregator : BackgroundService
{
    private readonly IGrainFactory grains;
    private readonly DecisionSnapshotHolder holder;
    private readonly DecisionOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<ItemSignalAggregator> logger;
    private readonly Channel<ItemInteraction> channel;
    private readonly SemaphoreSlim flushGate = new(1, 1);
    private readonly Lock accumulatorLock = new();
    private readonly SignalAccumulator.NeighbourMapPool neighbourMaps = new();
    private SignalAccumulator accumulator;
    private long dropped;

    public ItemSignalAggregator(IGrainFactory grains, DecisionSnapshotHolder holder, IOptions<DecisionOptions> options, TimeProvider time, ILogger<ItemSignalAggregator> logger)
    {
        this.grains = grains;
        this.holder = holder;
        this.options = options.Value;
        this.time = time;
        this.logger = logger;
        channel = Channel.CreateBounded<ItemInteraction>(new BoundedChannelOptions(this.options.AggregatorCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // with TryWrite: returns false instead of waiting
            SingleReader = false,
            SingleWriter = false,
        });
        accumulator = NewAccumulator();
    }

    /// <summary>Interactions dropped because the buffer was full.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    /// <summary>Queues an interaction without waiting; false when the buffer is full (the interaction is dropped).</summary>
    public bool TryRecord(ItemInteraction interaction)
    {
        if (channel.Writer.TryWrite(interaction))
        {
            return true;
        }

        Interlocked.Increment(ref dropped);
        return false;
    }

    /// <summary>Merges everything recorded so far into the item-signals shards and refreshes this silo's snapshot.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await flushGate.WaitAsync(cancellationToken);
        try
        {
            SignalAccumulator full;
            lock (accumulatorLock)
            {
                DrainLocked();
                full = accumulator;
                accumulator = NewAccumulator();
            }

            if (full.Count > 0)
            {
                var delta = full.ToDelta(time.GetUtcNow());
                full.ReturnMaps();
                await MergeIntoShardsAsync(delta);
            }

            await holder.RefreshAsync(cancellationToken);
        }
        finally
        {
            flushGate.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var drain = DrainLoopAsync(stoppingToken);
        using var timer = new PeriodicTimer(options.SignalsFlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await FlushAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Flushing item signals failed; they are kept for the next flush.");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        await drain;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Final flush of item signals failed.");
        }
    }

    private SignalAccumulator NewAccumulator() => new(time.GetUtcNow(), options.PopularityHalfLife, neighbourMaps);

    private async Task DrainLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await channel.Reader.WaitToReadAsync(stoppingToken))
            {
                lock (accumulatorLock)
                {
                    DrainLocked();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void DrainLocked()
    {
        var now = time.GetUtcNow();
        while (channel.Reader.TryRead(out var interaction))
        {
            accumulator.Add(interaction, now);
        }
    }

    /// <summary>Each item's record goes to its shard; only shards with records are written, in parallel. A shard
    /// whose merge fails must not lose its part of the window: it is folded back into the current accumulator.</summary>
    private async Task MergeIntoShardsAsync(ItemSignalDelta delta)
    {
        var merges = delta.Items.GroupBy(r => ItemShards.Of(r.ItemId)).Select(async shard =>
        {
            var part = delta with { Items = shard.ToList() };
            try
            {
                await grains.GetGrain<IItemSignalsGrain>(ItemShards.Key(options.Key, shard.Key)).MergeAsync(part);
            }
            catch
            {
                lock (accumulatorLock)
                {
                    accumulator.AddDelta(part);
                }

                throw;
            }
        }).ToList();
        await Task.WhenAll(merges);
    }
}
