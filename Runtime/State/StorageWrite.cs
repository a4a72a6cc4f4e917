using System.Globalization;

namespace PersoActors.Runtime.State;

/// <summary>One queued write (or delete) of a group-committing storage, and the promise its writer awaits.</summary>
internal sealed record StorageWrite(GrainId GrainId, string StateName, byte[] Data, long? ExpectedVersion, bool Delete, bool Scrub)
{
    public TaskCompletionSource<string> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static StorageWrite Put(GrainId grainId, string stateName, ReadOnlyMemory<byte> data, string? expectedETag, StateWriteMode mode) =>
        new(grainId, stateName, data.ToArray(), ParseETag(expectedETag), Delete: false, Scrub: mode == StateWriteMode.Scrub);

    public static StorageWrite Remove(GrainId grainId, string stateName, string? expectedETag) =>
        new(grainId, stateName, [], ParseETag(expectedETag), Delete: true, Scrub: true);

    public InconsistentStateException Conflict() =>
        StorageConflict.For(GrainId, StateName, ExpectedVersion?.ToString(CultureInfo.InvariantCulture));

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

    private static long? ParseETag(string? etag) =>
        etag is null ? null : long.Parse(etag, NumberStyles.None, CultureInfo.InvariantCulture);
}
