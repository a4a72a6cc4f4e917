namespace PersoActors.Runtime.State;

/// <summary>What a queued storage operation does.</summary>
internal enum StorageWriteKind
{
    /// <summary>Writes the state (and drops its journal).</summary>
    Put,
    /// <summary>Appends one entry to the journal.</summary>
    Append,
    /// <summary>Deletes the state and its journal.</summary>
    Delete,
}

/// <summary>One queued write, append or delete of a group-committing storage, and the promise its writer awaits.</summary>
internal sealed record StorageWrite(GrainId GrainId, string StateName, byte[] Data, string? ExpectedETag, StorageWriteKind Kind, bool Scrub)
{
    public TaskCompletionSource<string> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StateVersion? Expected { get; } = StateVersion.Parse(ExpectedETag);

    public bool Delete => Kind == StorageWriteKind.Delete;

    public static StorageWrite Put(GrainId grainId, string stateName, ReadOnlyMemory<byte> data, string? expectedETag, StateWriteMode mode) =>
        new(grainId, stateName, data.ToArray(), expectedETag, StorageWriteKind.Put, Scrub: mode == StateWriteMode.Scrub);

    public static StorageWrite Append(GrainId grainId, string stateName, ReadOnlyMemory<byte> entry, string expectedETag) =>
        new(grainId, stateName, entry.ToArray(), expectedETag ?? throw new ArgumentNullException(nameof(expectedETag)), StorageWriteKind.Append, Scrub: false);

    public static StorageWrite Remove(GrainId grainId, string stateName, string? expectedETag) =>
        new(grainId, stateName, [], expectedETag, StorageWriteKind.Delete, Scrub: true);

    public InconsistentStateException Conflict() => StorageConflict.For(GrainId, StateName, ExpectedETag);

    /// <summary>Completes every write of a committed batch with its outcome: a new ETag, or the exception to report.</summary>
    public static void Settle(List<StorageWrite> batch, object[] outcomes)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i] is Exception error)
            {
                batch[i].Completion.TrySetException(error);
            }
            else
            {
                batch[i].Completion.TrySetResult((string)outcomes[i]);
            }
        }
    }

    /// <summary>Fails every write of a batch whose transaction did not commit.</summary>
    public static void FailAll(List<StorageWrite> batch, Exception error)
    {
        foreach (var write in batch)
        {
            write.Completion.TrySetException(error);
        }
    }
}
