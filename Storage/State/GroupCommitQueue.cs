using System.Threading.Channels;

namespace PersoActors.Storage;

/// <summary>The queue in front of a group-committing store's single writer: callers enqueue, the writer takes
/// everything queued so far (up to a limit) as one batch for one transaction, and counts what it committed.</summary>
internal sealed class GroupCommitQueue(int maxBatch, string owner)
{
    private readonly Channel<StorageWrite> channel = Channel.CreateUnbounded<StorageWrite>(new() { SingleReader = true });
    private StorageWrite? hold;
    private long commits;
    private long operations;

    public GroupCommitStatistics Statistics => new(Interlocked.Read(ref commits), Interlocked.Read(ref operations));

    public Task<string> Enqueue(StorageWrite write)
    {
        if (!channel.Writer.TryWrite(write))
        {
            throw new ObjectDisposedException(owner);
        }

        return write.Completion.Task;
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

    public void Committed(int count)
    {
        Interlocked.Increment(ref commits);
        Interlocked.Add(ref operations, count);
        StorageMetrics.GroupCommitted(owner, count);
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
