using Orleans.Storage;

namespace PersoActors.Storage;

/// <summary>A journaled storage whose writes, appends and deletes all go through one <see cref="GroupCommitQueue"/> to
/// a single writer that commits everything queued so far in one transaction. Subclasses read records and run the
/// writer; the queueing, the counters and the test hold are here once.</summary>
public abstract class GroupCommittedGrainStorage : JournaledGrainStorage
{
    private protected GroupCommittedGrainStorage(int maxBatch, IGrainStorageSerializer? serializer) : base(serializer) =>
        Queue = new GroupCommitQueue(maxBatch, GetType().Name);

    /// <summary>Transactions committed so far and the operations they carried (for benchmarks and monitoring).</summary>
    public GroupCommitStatistics GroupCommits => Queue.Statistics;

    private protected GroupCommitQueue Queue { get; }

    /// <summary>Parks the writer after its current batch until <paramref name="released"/> completes (the returned task
    /// completes once it is parked), so that what is enqueued meanwhile is committed together: for tests.</summary>
    internal Task HoldWritesAsync(Task released) => Queue.HoldAsync(released);

    private protected override Task<string> PutAsync(RecordKey key, byte[] data, string? expectedETag, StateWriteMode mode) =>
        Queue.Enqueue(StorageWrite.Put(key, data, expectedETag, mode));

    private protected override Task<string> AppendEntryAsync(RecordKey key, ReadOnlyMemory<byte> entry, string expectedETag) =>
        Queue.Enqueue(StorageWrite.Append(key, entry, expectedETag));

    /// <summary>The ETag an append made with <paramref name="expectedETag"/> will get if it succeeds, or null when the
    /// store cannot tell before committing it. Only appends whose ETag is predicted are acknowledged early when
    /// <see cref="WriteDurability.Relaxed"/>.</summary>
    private protected virtual string? PredictAppendETag(string expectedETag) => null;

    /// <summary>Sets the bounds of relaxed appends (see <see cref="DurabilityOptions"/>); the defaults are 100 ms and 10,000.</summary>
    public void LimitRelaxedWrites(DurabilityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        Queue.LimitRelaxed(options.RelaxedFlushInterval, options.RelaxedMaxPending);
    }

    private protected override (Task<string> Acknowledged, Task<string>? Durable) AppendEntry(RecordKey key, ReadOnlyMemory<byte> entry, string expectedETag, WriteDurability durability)
    {
        var write = StorageWrite.Append(key, entry, expectedETag);
        if (durability == WriteDurability.Relaxed && PredictAppendETag(expectedETag) is { } predicted && Queue.TryEnqueueRelaxed(write))
        {
            return (Task.FromResult(predicted), write.Completion.Task);
        }

        return (Queue.Enqueue(write), null);
    }

    private protected override Task BeforeReadAsync(RecordKey key) => Queue.SettleRelaxedAsync(key);

    private protected override Task RemoveAsync(RecordKey key, string? expectedETag) =>
        Queue.Enqueue(StorageWrite.Remove(key, expectedETag));
}
