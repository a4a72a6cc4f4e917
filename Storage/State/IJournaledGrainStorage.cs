using Orleans.Storage;

namespace PersoActors.Storage;

/// <summary>A grain storage provider whose records carry an append-only journal after the state. A record's ETag
/// covers its journal ("row version.journal sequence"), so the ETag check of <see cref="IGrainStorage"/> writes also
/// fences appends; writing (or clearing) the state removes the journal in the same atomic step.
/// Implementations must be safe for concurrent use and complete only once the change is durable.</summary>
public interface IJournaledGrainStorage : IGrainStorage
{
    /// <summary>Reads the state into <paramref name="grainState"/> (like IGrainStorage.ReadStateAsync)
    /// and returns the journal entries appended after it, oldest first, from the same consistent read.</summary>
    Task<IReadOnlyList<ReadOnlyMemory<byte>>> ReadStateAndJournalAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);

    /// <summary>Appends one entry to the journal of an existing record if its ETag equals <paramref name="grainState"/>'s,
    /// then updates that ETag; otherwise throws <see cref="InconsistentStateException"/>.</summary>
    Task AppendAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, ReadOnlyMemory<byte> entry);

    /// <summary>Like <see cref="AppendAsync{T}(string, GrainId, IGrainState{T}, ReadOnlyMemory{byte})"/>; with
    /// <see cref="WriteDurability.Relaxed"/> a store may complete it (and update the ETag) before the entry is durable.
    /// Returns the task that completes once it is durable (at once for a durable append), or faults if it never will be:
    /// a store then fails every later write of the record, so nothing is stored past the gap.</summary>
    async Task<Task> AppendAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, ReadOnlyMemory<byte> entry, WriteDurability durability)
    {
        await AppendAsync(stateName, grainId, grainState, entry).ConfigureAwait(false);
        return Task.CompletedTask;
    }

    /// <summary>Like IGrainStorage.WriteStateAsync; with <see cref="StateWriteMode.Scrub"/> the
    /// superseded versions are also scrubbed from the store's files before it completes.</summary>
    Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, StateWriteMode mode);
}
