using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;

namespace PersoActors.Storage;

/// <summary>The queue in front of a group-committing store's single writer: callers enqueue, the writer takes
/// everything queued so far (up to a limit) as one batch for one transaction, and counts what it committed.
/// Relaxed writes are acknowledged when queued, within two bounds (how many, how old); each record's later writes are
/// chained to its last relaxed write, so none is applied past one that failed.</summary>
internal sealed class GroupCommitQueue(int maxBatch, string owner)
{
    private readonly Channel<StorageWrite> channel = Channel.CreateUnbounded<StorageWrite>(new() { SingleReader = true });
    private readonly Lock relaxedGate = new();
    private readonly Queue<StorageWrite> unflushed = new();
    private readonly ConcurrentDictionary<RecordKey, StorageWrite> relaxedTails = new();
    private volatile bool relaxedUsed;
    private long relaxedWindowTicks = Stopwatch.Frequency / 10;
    private int relaxedMaxPending = 10_000;
    private StorageWrite? hold;
    private long commits;
    private long operations;
    private long relaxedAcknowledged;
    private long relaxedFellBack;

    public GroupCommitStatistics Statistics => new(Interlocked.Read(ref commits), Interlocked.Read(ref operations),
        Interlocked.Read(ref relaxedAcknowledged), Interlocked.Read(ref relaxedFellBack));

    /// <summary>Sets the bounds of relaxed writes (see <see cref="DurabilityOptions"/>).</summary>
    public void LimitRelaxed(TimeSpan flushInterval, int maxPending)
    {
        relaxedWindowTicks = (long)(flushInterval.TotalSeconds * Stopwatch.Frequency);
        relaxedMaxPending = maxPending;
    }

    public Task<string> Enqueue(StorageWrite write)
    {
        if (relaxedUsed && relaxedTails.TryGetValue(write.Key, out var tail))
        {
            write.After = tail;
        }

        if (!channel.Writer.TryWrite(write))
        {
            throw new ObjectDisposedException(owner);
        }

        return write.Completion.Task;
    }

    /// <summary>Queues <paramref name="write"/> to be acknowledged at once, unless the relaxed writes not yet committed
    /// are already as many as allowed or the oldest is older than the flush interval: then it is not queued and the
    /// caller must queue it as a durable write (false).</summary>
    public bool TryEnqueueRelaxed(StorageWrite write)
    {
        lock (relaxedGate)
        {
            while (unflushed.TryPeek(out var oldest) && oldest.Completion.Task.IsCompleted)
            {
                unflushed.Dequeue();
            }

            var now = Stopwatch.GetTimestamp();
            if (unflushed.Count >= relaxedMaxPending || (unflushed.TryPeek(out var first) && now - first.AcknowledgedAt > relaxedWindowTicks))
            {
                Interlocked.Increment(ref relaxedFellBack);
                return false;
            }

            relaxedUsed = true;
            write.AcknowledgedAt = now;
            // Queued under the gate, so that the order of unflushed is the writer's order.
            Enqueue(write);
            relaxedTails[write.Key] = write;
            unflushed.Enqueue(write);
        }

        Interlocked.Increment(ref relaxedAcknowledged);
        return true;
    }

    /// <summary>Before a record is read: waits until its relaxed writes are settled (read-your-writes), and forgets a
    /// failed one (the reader starts over from what is stored).</summary>
    public Task SettleRelaxedAsync(RecordKey key) =>
        relaxedUsed && relaxedTails.TryGetValue(key, out var tail) ? ForgetAsync(key, tail) : Task.CompletedTask;

    private async Task ForgetAsync(RecordKey key, StorageWrite tail)
    {
        await ((Task)tail.Completion.Task).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        relaxedTails.TryRemove(KeyValuePair.Create(key, tail));
    }

    /// <summary>Parks the writer after the batch it is filling; the returned task completes once it is parked.
    /// Everything enqueued until <paramref name="released"/> completes goes into the following batches.</summary>
    public Task HoldAsync(Task released) =>
        Enqueue(new StorageWrite(default, [], null, StorageWriteKind.Hold, scrub: false) { Released = released });

    public ValueTask<bool> WaitToReadAsync() => channel.Reader.WaitToReadAsync();

    /// <summary>Fills <paramref name="batch"/> with what is queued, stopping at a hold marker.</summary>
    public void Fill(List<StorageWrite> batch)
    {
        while (batch.Count < maxBatch && hold is null && channel.Reader.TryRead(out var write))
        {
            if (write.Kind == StorageWriteKind.Hold)
            {
                hold = write;
            }
            else
            {
                batch.Add(write);
            }
        }
    }

    /// <summary>After a batch committed (and was settled): counts it, and forgets the relaxed writes now stored.</summary>
    public void Committed(List<StorageWrite> batch)
    {
        Interlocked.Increment(ref commits);
        Interlocked.Add(ref operations, batch.Count);
        StorageMetrics.GroupCommitted(owner, batch.Count);
        if (relaxedUsed)
        {
            foreach (var write in batch)
            {
                if (write is { Relaxed: true, Failed: false })
                {
                    relaxedTails.TryRemove(KeyValuePair.Create(write.Key, write));
                }
            }
        }
    }

    /// <summary>After a batch: if a hold marker was reached, reports the writer parked and waits for the release.</summary>
    public Task ParkIfHeldAsync()
    {
        if (hold is not { } marker)
        {
            return Task.CompletedTask;
        }

        hold = null;
        marker.Completion.TrySetResult(string.Empty);
        // Continue on the thread pool, not inline in whoever releases the hold.
        return marker.Released.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    /// <summary>No more writes are accepted; the writer drains what is queued, then stops.</summary>
    public void Complete() => channel.Writer.TryComplete();
}
