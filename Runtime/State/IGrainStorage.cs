namespace PersoActors.Runtime;

/// <summary>A stored state record: the serialized state, its version tag, and the journal entries appended after
/// it (oldest first) that a reader replays on top of it.</summary>
public sealed record StoredState(ReadOnlyMemory<byte> Data, string ETag)
{
    /// <summary>Entries appended after <see cref="Data"/> was written, oldest first.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Journal { get; init; } = [];
}

/// <summary>Where grain state lives. Implementations must be safe for concurrent use and must
/// enforce the ETag check atomically with the write. A record is a state plus a journal of entries
/// appended after it; writing the state (or clearing it) removes the journal in the same atomic step.</summary>
public interface IGrainStorage
{
    /// <summary>Reads a record and its journal, or returns null when there is none.</summary>
    Task<StoredState?> ReadAsync(GrainId grainId, string stateName);

    /// <summary>Writes a record if its current ETag equals <paramref name="expectedETag"/> (null: the
    /// record must not exist), removes its journal, and returns the new ETag; otherwise throws
    /// <see cref="InconsistentStateException"/>. Completes only when the write is durable.</summary>
    Task<string> WriteAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> data, string? expectedETag, StateWriteMode mode);

    /// <summary>Appends one entry to the journal of an existing record if its current ETag equals
    /// <paramref name="expectedETag"/>, and returns the new ETag; otherwise throws <see cref="InconsistentStateException"/>
    /// (so a stale activation can neither append nor overwrite). Completes only when the entry is durable.</summary>
    Task<string> AppendAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> entry, string expectedETag);

    /// <summary>Deletes a record and its journal (null ETag: whatever its version) and scrubs them from the store's files.</summary>
    Task ClearAsync(GrainId grainId, string stateName, string? expectedETag);
}
