using System.Collections.Concurrent;
using System.Globalization;

namespace PersoActors.Runtime.State;

/// <summary>Keeps state in process memory: for tests and for silos whose state may be lost.</summary>
public sealed class MemoryGrainStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<(GrainId, string), StoredState> records = new();
    private long nextVersion;

    public Task<StoredState?> ReadAsync(GrainId grainId, string stateName) =>
        Task.FromResult(records.TryGetValue((grainId, stateName), out var record) ? record : null);

    public Task<string> WriteAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> data, string? expectedETag, StateWriteMode mode)
    {
        var key = (grainId, stateName);
        var written = new StoredState(data.ToArray(), Interlocked.Increment(ref nextVersion).ToString(CultureInfo.InvariantCulture));
        var swapped = expectedETag is null
            ? records.TryAdd(key, written)
            : records.TryGetValue(key, out var current) && current.ETag == expectedETag && records.TryUpdate(key, written, current);
        return swapped
            ? Task.FromResult(written.ETag)
            : Task.FromException<string>(StorageConflict.For(grainId, stateName, expectedETag));
    }

    public Task ClearAsync(GrainId grainId, string stateName, string? expectedETag)
    {
        var key = (grainId, stateName);
        if (expectedETag is null || (records.TryGetValue(key, out var current) && current.ETag == expectedETag))
        {
            records.TryRemove(key, out _);
            return Task.CompletedTask;
        }

        return records.ContainsKey(key)
            ? Task.FromException(StorageConflict.For(grainId, stateName, expectedETag))
            : Task.CompletedTask;
    }
}
