using System.Runtime.InteropServices;
using Orleans.Storage;

namespace PersoActors.Storage;

/// <summary>The part every store of this project shares: it maps Orleans' <see cref="IGrainState{T}"/> calls onto
/// serialized records (key, bytes, ETag, journal), so a store only implements four operations on bytes.
/// Works for plain <c>[PersistentState]</c> grains (the journal is then always empty) and for
/// <see cref="JournaledStateAttribute"/> ones.</summary>
public abstract class JournaledGrainStorage : IJournaledGrainStorage
{
    private readonly string storageName;

    private protected JournaledGrainStorage(IGrainStorageSerializer? serializer)
    {
        Serializer = serializer ?? GrainStateJsonSerializer.Default;
        storageName = GetType().Name;
    }

    /// <summary>Turns states into the bytes stored (JSON by default, see <see cref="GrainStateJsonSerializer"/>).</summary>
    public IGrainStorageSerializer Serializer { get; }

    /// <inheritdoc/>
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        await ReadStateAndJournalAsync(stateName, grainId, grainState).ConfigureAwait(false);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ReadOnlyMemory<byte>>> ReadStateAndJournalAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = RecordKey.For(grainId, stateName);
        await BeforeReadAsync(key).ConfigureAwait(false);
        var record = await Guarded(ReadRecordAsync(key)).ConfigureAwait(false);
        if (record is null)
        {
            grainState.State = NewState<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return [];
        }

        var state = Serializer.Deserialize<T>(new BinaryData(record.Data));
        grainState.State = state is null ? NewState<T>() : state;
        grainState.ETag = record.ETag;
        grainState.RecordExists = true;
        return record.Journal;
    }

    /// <inheritdoc/>
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, StateWriteMode.Normal);

    /// <inheritdoc/>
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, StateWriteMode mode)
    {
        var data = ArrayOf(Serializer.Serialize(grainState.State));
        grainState.ETag = await Guarded(PutAsync(RecordKey.For(grainId, stateName), data, grainState.ETag, mode)).ConfigureAwait(false);
        grainState.RecordExists = true;
    }

    /// <inheritdoc/>
    public Task AppendAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, ReadOnlyMemory<byte> entry) =>
        AppendAsync(stateName, grainId, grainState, entry, WriteDurability.Durable);

    /// <inheritdoc/>
    public async Task<Task> AppendAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, ReadOnlyMemory<byte> entry, WriteDurability durability)
    {
        var key = RecordKey.For(grainId, stateName);
        if (grainState.ETag is not { } etag)
        {
            throw StorageConflict.For(key, null);
        }

        var (acknowledged, durable) = AppendEntry(key, entry, etag, durability);
        grainState.ETag = await Guarded(acknowledged).ConfigureAwait(false);
        StorageMetrics.JournalAppended(storageName);
        return durable is null ? Task.CompletedTask : Guarded((Task)durable);
    }

    /// <summary>Deletes the record and its journal, and scrubs them from the store's files where the store can
    /// (SQLite). A null ETag deletes whatever is stored; an ETag of a record already gone is no conflict.</summary>
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await Guarded(RemoveAsync(RecordKey.For(grainId, stateName), grainState.ETag)).ConfigureAwait(false);
        grainState.State = NewState<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    /// <summary>Turns a store fault (disk full, read-only, server down) into a <see cref="StoreUnavailableException"/>,
    /// the one exception callers and the gateway map to "unavailable, retry"; conflicts and bugs pass unchanged.</summary>
    private static async Task<T> Guarded<T>(Task<T> operation)
    {
        try
        {
            return await operation.ConfigureAwait(false);
        }
        catch (Exception error) when (StoreFaults.Classify(error) is { } fault && !ReferenceEquals(fault, error))
        {
            throw fault;
        }
    }

    private static async Task Guarded(Task operation)
    {
        try
        {
            await operation.ConfigureAwait(false);
        }
        catch (Exception error) when (StoreFaults.Classify(error) is { } fault && !ReferenceEquals(fault, error))
        {
            throw fault;
        }
    }

    /// <summary>The serialized state as an array, without a copy when it is one already (the JSON serializer's is, and
    /// nothing else holds it).</summary>
    private static byte[] ArrayOf(BinaryData serialized) =>
        MemoryMarshal.TryGetArray(serialized.ToMemory(), out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : serialized.ToArray();

    /// <summary>Reads a record and its journal, or null when there is none.</summary>
    private protected abstract Task<StoredRecord?> ReadRecordAsync(RecordKey key);

    /// <summary>Writes a record if its ETag equals <paramref name="expectedETag"/> (null: it must not exist), drops its
    /// journal, and returns the new ETag; otherwise throws <see cref="InconsistentStateException"/>.</summary>
    private protected abstract Task<string> PutAsync(RecordKey key, byte[] data, string? expectedETag, StateWriteMode mode);

    /// <summary>Appends to the journal of an existing record whose ETag equals <paramref name="expectedETag"/>; returns the new ETag.</summary>
    private protected abstract Task<string> AppendEntryAsync(RecordKey key, ReadOnlyMemory<byte> entry, string expectedETag);

    /// <summary>Appends like <see cref="AppendEntryAsync"/>; a store that acknowledges <see cref="WriteDurability.Relaxed"/>
    /// appends early returns the task of their durability too (null: acknowledged means durable).</summary>
    private protected virtual (Task<string> Acknowledged, Task<string>? Durable) AppendEntry(RecordKey key, ReadOnlyMemory<byte> entry, string expectedETag, WriteDurability durability) =>
        (AppendEntryAsync(key, entry, expectedETag), null);

    /// <summary>Called before a record is read, so a store can first settle what it acknowledged of it early.</summary>
    private protected virtual Task BeforeReadAsync(RecordKey key) => Task.CompletedTask;

    /// <summary>Deletes a record and its journal (see <see cref="ClearStateAsync{T}"/> for the ETag rules).</summary>
    private protected abstract Task RemoveAsync(RecordKey key, string? expectedETag);

    private static T NewState<T>() =>
        typeof(T).IsValueType || typeof(T).GetConstructor(Type.EmptyTypes) is not null ? Activator.CreateInstance<T>() : default!;
}
