namespace PersoActors.Storage;

/// <summary>What a queued storage operation does.</summary>
internal enum StorageWriteKind
{
    /// <summary>Writes the state (and drops its journal).</summary>
    Put,

    /// <summary>Appends one entry to the journal.</summary>
    Append,

    /// <summary>Deletes the state and its journal.</summary>
    Delete,

    /// <summary>Not a write: parks the writer between two batches until released (tests use it to shape batches).</summary>
    Hold,
}

/// <summary>One queued write, append or delete of a group-committing storage, and the promise its caller awaits
/// (the new ETag; empty for a delete).</summary>
internal sealed class StorageWrite(RecordKey key, byte[] data, string? expectedETag, StorageWriteKind kind, bool scrub)
{
    public RecordKey Key { get; } = key;

    public byte[] Data { get; } = data;

    public string? ExpectedETag { get; } = expectedETag;

    public StorageWriteKind Kind { get; } = kind;

    public bool Scrub { get; } = scrub;

    /// <summary>Completed by <see cref="Settle"/> on a thread-pool thread, so continuations may run inline there; a hold
    /// marker is completed by the writer itself, which must not run its caller's code.</summary>
    public TaskCompletionSource<string> Completion { get; } =
        new(kind == StorageWriteKind.Hold ? TaskCreationOptions.RunContinuationsAsynchronously : TaskCreationOptions.None);

    /// <summary>For a <see cref="StorageWriteKind.Hold"/>: completes when the writer may go on.</summary>
    public Task Released { get; init; } = Task.CompletedTask;

    /// <summary>The relaxed write of the same record acknowledged before this one and not known durable when this one
    /// was queued: its ETag was predicted from it, so if it fails this one must fail too (never applied past a gap).</summary>
    public StorageWrite? After { get; set; }

    /// <summary>Acknowledged before being committed (<see cref="WriteDurability.Relaxed"/>); when (Stopwatch ticks).</summary>
    public long AcknowledgedAt { get; set; }

    public bool Relaxed => AcknowledgedAt != 0;

    /// <summary>Set by the writer: this write was not stored (its outcome is an exception, or its batch failed).</summary>
    public bool Failed { get; private set; }

    /// <summary>The relaxed write this one follows was not stored: this one must not be applied.</summary>
    public bool FollowsFailure => After is { Failed: true };

    /// <summary>Records what the writer did with this write (a new ETag, or the exception to report).</summary>
    public object Outcome(object outcome)
    {
        Failed = outcome is Exception;
        return outcome;
    }

    public static StorageWrite Put(RecordKey key, byte[] data, string? expectedETag, StateWriteMode mode) =>
        new(key, data, expectedETag, StorageWriteKind.Put, scrub: mode == StateWriteMode.Scrub);

    public static StorageWrite Append(RecordKey key, ReadOnlyMemory<byte> entry, string? expectedETag) =>
        new(key, entry.ToArray(), expectedETag, StorageWriteKind.Append, scrub: false);

    // Clearing is an erasure: always scrubbed.
    public static StorageWrite Remove(RecordKey key, string? expectedETag) =>
        new(key, [], expectedETag, StorageWriteKind.Delete, scrub: true);

    public Orleans.Storage.InconsistentStateException Conflict() => StorageConflict.For(Key, ExpectedETag);

    /// <summary>Completes every write of a committed batch with its outcome (a new ETag, or the exception to report) on
    /// a thread-pool thread, so the writer goes on with the next batch at once; the batch is copied, the caller may reuse it.</summary>
    public static void Settle(IReadOnlyList<StorageWrite> batch, object[] outcomes) =>
        ThreadPool.UnsafeQueueUserWorkItem(new Settlement([.. batch], outcomes), preferLocal: false);

    /// <summary>Fails every write of a batch whose transaction did not commit: none of them is stored. They are marked
    /// failed at once (later writes chained to them must not be applied), and completed like <see cref="Settle"/>.</summary>
    public static void FailAll(IReadOnlyList<StorageWrite> batch, Exception error)
    {
        var outcomes = new object[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Failed = true;
            outcomes[i] = error;
        }

        Settle(batch, outcomes);
    }

    /// <summary>One work item completes a whole batch: its callers' continuations run here one after the other
    /// (a grain's own continuation only posts to the grain's scheduler) instead of one thread-pool item per write.</summary>
    private sealed class Settlement(StorageWrite[] writes, object[] outcomes) : IThreadPoolWorkItem
    {
        public void Execute()
        {
            for (var i = 0; i < writes.Length; i++)
            {
                if (outcomes[i] is Exception error)
                {
                    writes[i].Completion.TrySetException(error);
                }
                else
                {
                    writes[i].Completion.TrySetResult((string)outcomes[i]);
                }
            }
        }
    }
}
