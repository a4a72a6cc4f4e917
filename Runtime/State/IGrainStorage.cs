namespace PersoActors.Runtime;

/// <summary>A stored state record: the serialized state and its version tag.</summary>
public sealed record StoredState(ReadOnlyMemory<byte> Data, string ETag);

/// <summary>Where grain state lives. Implementations must be safe for concurrent use and must
/// enforce the ETag check atomically with the write.</summary>
public interface IGrainStorage
{
    /// <summary>Reads a record, or returns null when there is none.</summary>
    Task<StoredState?> ReadAsync(GrainId grainId, string stateName);

    /// <summary>Writes a record if its current ETag equals <paramref name="expectedETag"/> (null: the
    /// record must not exist) and returns the new ETag; otherwise throws <see cref="InconsistentStateException"/>.
    /// Completes only when the write is durable.</summary>
    Task<string> WriteAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> data, string? expectedETag, StateWriteMode mode);

    /// <summary>Deletes a record (null ETag: whatever its version) and scrubs it from the store's files.</summary>
    Task ClearAsync(GrainId grainId, string stateName, string? expectedETag);
}
