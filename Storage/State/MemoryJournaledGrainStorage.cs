using System.Globalization;
using Orleans.Storage;

namespace PersoActors.Storage;

/// <summary>Grain state and journals in process memory, with the same ETag fencing as the durable stores: for tests
/// and for silos whose state may be lost. One instance is one store: silos share state only if they share the instance.</summary>
public sealed class MemoryJournaledGrainStorage(IGrainStorageSerializer? serializer = null) : JournaledGrainStorage(serializer)
{
    private readonly Dictionary<RecordKey, StoredRecord> records = [];

    // One counter for every record: a record erased and created again never gets back an ETag of its previous life.
    private long lastVersion;

    private protected override Task<StoredRecord?> ReadRecordAsync(RecordKey key)
    {
        lock (records)
        {
            return Task.FromResult(records.GetValueOrDefault(key));
        }
    }

    private protected override Task<string> PutAsync(RecordKey key, byte[] data, string? expectedETag, StateWriteMode mode)
    {
        lock (records)
        {
            if (records.GetValueOrDefault(key)?.ETag != expectedETag)
            {
                return Task.FromException<string>(StorageConflict.For(key, expectedETag));
            }

            var written = records[key] = new StoredRecord(data, NextETag(), []);
            return Task.FromResult(written.ETag);
        }
    }

    private protected override Task<string> AppendEntryAsync(RecordKey key, ReadOnlyMemory<byte> entry, string expectedETag)
    {
        lock (records)
        {
            if (records.GetValueOrDefault(key) is not { } current || current.ETag != expectedETag)
            {
                return Task.FromException<string>(StorageConflict.For(key, expectedETag));
            }

            var appended = records[key] = current with { ETag = NextETag(), Journal = [.. current.Journal, entry.ToArray()] };
            return Task.FromResult(appended.ETag);
        }
    }

    private protected override Task RemoveAsync(RecordKey key, string? expectedETag)
    {
        lock (records)
        {
            if (expectedETag is not null && records.TryGetValue(key, out var current) && current.ETag != expectedETag)
            {
                return Task.FromException(StorageConflict.For(key, expectedETag));
            }

            records.Remove(key);
            return Task.CompletedTask;
        }
    }

    private string NextETag() => (++lastVersion).ToString(CultureInfo.InvariantCulture);
}
