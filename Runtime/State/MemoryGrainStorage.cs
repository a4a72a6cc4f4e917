using System.Globalization;

namespace PersoActors.Runtime.State;

/// <summary>Keeps state in process memory: for tests and for silos whose state may be lost.</summary>
public sealed class MemoryGrainStorage : IGrainStorage
{
    private readonly Dictionary<(GrainId, string), StoredState> records = [];
    private long nextVersion;

    public Task<StoredState?> ReadAsync(GrainId grainId, string stateName)
    {
        lock (records)
        {
            return Task.FromResult(records.GetValueOrDefault((grainId, stateName)));
        }
    }

    public Task<string> WriteAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> data, string? expectedETag, StateWriteMode mode)
    {
        lock (records)
        {
            var key = (grainId, stateName);
            if (records.GetValueOrDefault(key)?.ETag != expectedETag)
            {
                return Task.FromException<string>(StorageConflict.For(grainId, stateName, expectedETag));
            }

            var written = records[key] = new StoredState(data.ToArray(), NextETag());
            return Task.FromResult(written.ETag);
        }
    }

    public Task<string> AppendAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> entry, string expectedETag)
    {
        lock (records)
        {
            var key = (grainId, stateName);
            if (records.GetValueOrDefault(key) is not { } current || current.ETag != expectedETag)
            {
                return Task.FromException<string>(StorageConflict.For(grainId, stateName, expectedETag));
            }

            var appended = records[key] = current with { ETag = NextETag(), Journal = [.. current.Journal, entry.ToArray()] };
            return Task.FromResult(appended.ETag);
        }
    }

    public Task ClearAsync(GrainId grainId, string stateName, string? expectedETag)
    {
        lock (records)
        {
            var key = (grainId, stateName);
            if (expectedETag is not null && records.TryGetValue(key, out var current) && current.ETag != expectedETag)
            {
                return Task.FromException(StorageConflict.For(grainId, stateName, expectedETag));
            }

            records.Remove(key);
            return Task.CompletedTask;
        }
    }

    private string NextETag() => (++nextVersion).ToString(CultureInfo.InvariantCulture);
}
