using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Orleans.Storage;

namespace PersoActors.Storage;

/// <summary>Grain state and journals in an Azure Table (or Azurite), shared by silos anywhere; table
/// <see cref="DefaultTableName"/> unless told otherwise, created on first use.</summary>
/// <remarks>
/// Each record is one partition (see <see cref="AzureTableKeys"/>): a <c>head</c> entity, which is the commit point, holds
/// the snapshot's generation, how many journal entries follow it and the first 704 KiB of the snapshot; larger snapshots
/// continue in <c>d-GEN-N</c> entities, journal entries are <c>j-GEN-SEQ-N</c> entities (payloads are split over 64 KiB
/// properties and 704 KiB entities, <see cref="AzureTablePieces"/>). Every change is an entity-group transaction that
/// includes the head with If-Match on the Azure ETag the caller read, so it is stored whole or not at all and a stale
/// ETag changes nothing (<see cref="InconsistentStateException"/>):
/// an append adds the entry's entities and bumps the head's count; a write gives the head a new generation, which makes
/// the previous snapshot's pieces and journal unreachable at once; a clear deletes the head. What is unreachable is then
/// deleted before the call completes (and by any later write or clear of the record, should this process die first), so
/// an erasure leaves no entity of the record behind: Azure keeps no versions of its own.
/// A transaction carries at most <see cref="MaxPiecesPerTransaction"/> pieces (Azure caps one at 4 MiB of request, which
/// is base64 JSON). A snapshot needing more writes its extra pieces in transactions of their own first, under its new
/// generation (unreachable until the head names it); a journal entry must fit one transaction.
/// Each operation is its own request: the table has no cross-partition transaction to group-commit into.
/// </remarks>
public sealed class AzureTableGrainStorage : JournaledGrainStorage
{
    /// <summary>The table used unless another is named.</summary>
    public const string DefaultTableName = "PersoActorsGrainState";

    /// <summary>Pieces (704 KiB each) one transaction carries: 2.1 MiB, 2.8 MiB as base64, under Azure's 4 MiB.</summary>
    internal const int MaxPiecesPerTransaction = 3;

    private const string GenerationProperty = "Generation";
    private const string AppendedProperty = "Appended";
    private const string PiecesProperty = "Pieces";
    private const int ReadAttempts = 5;

    private readonly TableClient table;
    private Task? created;

    /// <summary>A storage in the table <paramref name="tableName"/> of the account of <paramref name="connectionString"/>
    /// (an Azure Storage connection string, e.g. <c>UseDevelopmentStorage=true</c> for Azurite on its default ports).</summary>
    public AzureTableGrainStorage(string connectionString, string tableName = DefaultTableName, IGrainStorageSerializer? serializer = null)
        : this(new TableClient(connectionString, tableName), serializer)
    {
    }

    /// <summary>A storage in the table of <paramref name="table"/>.</summary>
    public AzureTableGrainStorage(TableClient table, IGrainStorageSerializer? serializer = null) : base(serializer) =>
        this.table = table ?? throw new ArgumentNullException(nameof(table));

    /// <summary>The table holding the records.</summary>
    public string TableName => table.Name;

    private protected override async Task<StoredRecord?> ReadRecordAsync(RecordKey key)
    {
        await EnsureTableAsync().ConfigureAwait(false);
        var partition = AzureTableKeys.Partition(key);
        // A partition larger than one page is read in several requests; a change between them shows as a gap (a piece or
        // an entry of the generation read missing), and the read is repeated.
        for (var attempt = 1; attempt <= ReadAttempts; attempt++)
        {
            var entities = await QueryPartitionAsync(partition, select: null).ConfigureAwait(false);
            if (!entities.TryGetValue(AzureTableKeys.Head, out var head))
            {
                return null;
            }

            if (Assemble(head, entities) is { } record)
            {
                return record;
            }
        }

        throw new IOException($"State {key} in Azure table '{table.Name}' kept changing or is missing pieces; it could not be read whole.");
    }

    private protected override async Task<string> PutAsync(RecordKey key, byte[] data, string? expectedETag, StateWriteMode mode)
    {
        var expected = AzureTableETag.Parse(expectedETag);
        if (expectedETag is not null && expected is null)
        {
            throw StorageConflict.For(key, expectedETag);
        }

        await EnsureTableAsync().ConfigureAwait(false);
        var partition = AzureTableKeys.Partition(key);
        var generation = NewGeneration();
        var pieces = AzureTablePieces.Count(data.Length);
        var head = new TableEntity(partition, AzureTableKeys.Head)
        {
            [GenerationProperty] = generation,
            [AppendedProperty] = 0L,
            [PiecesProperty] = pieces,
            [AzureTablePieces.Length] = (long)data.Length,
        };
        AzureTablePieces.Fill(head, data, 0);
        var extra = Enumerable.Range(1, pieces - 1).Select(piece =>
        {
            var entity = new TableEntity(partition, AzureTableKeys.SnapshotPiece(generation, piece));
            AzureTablePieces.Fill(entity, data, piece);
            return entity;
        }).ToList();

        // The pieces that do not fit the committing transaction go first, unreachable until the head names their generation.
        var early = Math.Max(0, extra.Count - (MaxPiecesPerTransaction - 1));
        var committing = false;
        ETag? committed = null;
        InconsistentStateException? conflict = null;
        try
        {
            foreach (var chunk in extra.Take(early).Chunk(MaxPiecesPerTransaction))
            {
                await table.SubmitTransactionAsync(chunk.Select(Add)).ConfigureAwait(false);
            }

            committing = true;
            var commit = extra.Skip(early).Select(Add).ToList();
            commit.Add(expected is { } current ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, head, current.Head) : Add(head));
            var responses = await SubmitFencedAsync(key, expectedETag, commit).ConfigureAwait(false);
            committed = responses[^1].Headers.ETag ?? throw new IOException("Azure Table answered a write without an ETag.");
        }
        catch (InconsistentStateException error)
        {
            conflict = error;
        }
        catch (Exception error) when (early > 0 && (!committing || error is TableTransactionFailedException))
        {
            // Certainly not committed: the early pieces are garbage. (After an unknown outcome they stay for the next sweep.)
            await DeleteQuietlyAsync(partition, extra.Take(early).Select(e => e.RowKey)).ConfigureAwait(false);
            throw;
        }

        if (conflict is not null)
        {
            // The SDK retries a commit whose answer was lost; if the first attempt landed, the retry meets our own head.
            committed = await HeadNamesAsync(partition, generation).ConfigureAwait(false);
            if (committed is null)
            {
                if (early > 0)
                {
                    await DeleteQuietlyAsync(partition, extra.Take(early).Select(e => e.RowKey)).ConfigureAwait(false);
                }

                throw conflict;
            }
        }

        try
        {
            // A record that was the head alone left nothing behind; a new one may find leftovers of an erasure cut short.
            if (expected is not { HeadOnly: true })
            {
                await SweepAsync(partition, generation).ConfigureAwait(false);
            }
        }
        catch (Exception error) when (mode == StateWriteMode.Scrub && error is RequestFailedException or IOException)
        {
            throw new IOException("The write was committed but the superseded snapshot could not be deleted yet; repeat it.", error);
        }
        catch (Exception error) when (error is RequestFailedException or IOException)
        {
            // Unreachable already; the next write or clear of this record deletes it.
        }

        return new AzureTableETag(generation, 0, pieces, committed!.Value).ToString();
    }

    private protected override async Task<string> AppendEntryAsync(RecordKey key, ReadOnlyMemory<byte> entry, string expectedETag)
    {
        var expected = AzureTableETag.Parse(expectedETag) ?? throw StorageConflict.For(key, expectedETag);
        var pieces = AzureTablePieces.Count(entry.Length);
        if (pieces > MaxPiecesPerTransaction)
        {
            throw new ArgumentException(
                $"A journal entry of {entry.Length} bytes is larger than one Azure Table transaction carries ({MaxPiecesPerTransaction * AzureTablePieces.PieceBytes} bytes); write a snapshot instead.",
                nameof(entry));
        }

        await EnsureTableAsync().ConfigureAwait(false);
        var partition = AzureTableKeys.Partition(key);
        var sequence = expected.Appended + 1;
        var actions = new List<TableTransactionAction>(pieces + 1)
        {
            new(TableTransactionActionType.UpdateMerge, new TableEntity(partition, AzureTableKeys.Head) { [AppendedProperty] = sequence }, expected.Head),
        };
        for (var piece = 0; piece < pieces; piece++)
        {
            var entity = new TableEntity(partition, AzureTableKeys.JournalPiece(expected.Generation, sequence, piece))
            {
                [AzureTablePieces.Length] = (long)entry.Length,
            };
            AzureTablePieces.Fill(entity, entry, piece);
            actions.Add(Add(entity));
        }

        var responses = await SubmitFencedAsync(key, expectedETag, actions).ConfigureAwait(false);
        var head = responses[0].Headers.ETag ?? throw new IOException("Azure Table answered an append without an ETag.");
        return (expected with { Appended = sequence, Head = head }).ToString();
    }

    private protected override async Task RemoveAsync(RecordKey key, string? expectedETag)
    {
        await EnsureTableAsync().ConfigureAwait(false);
        var partition = AzureTableKeys.Partition(key);
        var expected = AzureTableETag.Parse(expectedETag);
        if (expectedETag is not null && expected is null)
        {
            // Not an ETag of ours: it matches no record, so only a missing record is no conflict.
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(partition, AzureTableKeys.Head, [GenerationProperty]).ConfigureAwait(false);
            if (existing.HasValue)
            {
                throw StorageConflict.For(key, expectedETag);
            }
        }
        else
        {
            try
            {
                // Gone already (404) is no conflict: the erasure is done, save what the sweep below finds.
                await table.DeleteEntityAsync(partition, AzureTableKeys.Head, expected?.Head ?? ETag.All).ConfigureAwait(false);
            }
            catch (RequestFailedException error) when (error.Status == 412)
            {
                throw StorageConflict.For(key, expectedETag);
            }
        }

        await SweepAsync(partition, keep: null).ConfigureAwait(false);
    }

    private StoredRecord? Assemble(TableEntity head, Dictionary<string, TableEntity> entities)
    {
        var generation = head.GetString(GenerationProperty);
        var appended = head.GetInt64(AppendedProperty) ?? 0;
        var data = new MemoryStream();
        AzureTablePieces.Drain(head, data);
        for (var piece = 1; piece < (head.GetInt32(PiecesProperty) ?? 1); piece++)
        {
            if (!entities.TryGetValue(AzureTableKeys.SnapshotPiece(generation, piece), out var entity))
            {
                return null;
            }

            AzureTablePieces.Drain(entity, data);
        }

        if (data.Length != head.GetInt64(AzureTablePieces.Length))
        {
            return null;
        }

        var journal = new List<ReadOnlyMemory<byte>>((int)appended);
        for (var sequence = 1L; sequence <= appended; sequence++)
        {
            var entry = new MemoryStream();
            long? length = null;
            for (var piece = 0; entities.TryGetValue(AzureTableKeys.JournalPiece(generation, sequence, piece), out var entity); piece++)
            {
                length = entity.GetInt64(AzureTablePieces.Length);
                AzureTablePieces.Drain(entity, entry);
            }

            if (length is null || entry.Length != length)
            {
                return null;
            }

            journal.Add(entry.ToArray());
        }

        return new StoredRecord(data.ToArray(), new AzureTableETag(generation, appended, head.GetInt32(PiecesProperty) ?? 1, head.ETag).ToString(), journal);
    }

    /// <summary>The Azure ETag of the head if it names <paramref name="generation"/>, else null.</summary>
    private async Task<ETag?> HeadNamesAsync(string partition, string generation)
    {
        var head = await table.GetEntityIfExistsAsync<TableEntity>(partition, AzureTableKeys.Head, [GenerationProperty]).ConfigureAwait(false);
        return head.HasValue && head.Value!.GetString(GenerationProperty) == generation ? head.Value.ETag : null;
    }

    /// <summary>Submits a transaction whose first failing action is the head's If-Match (or the Add of a record that
    /// must be new): a mismatch is the caller's stale ETag.</summary>
    private async Task<IReadOnlyList<Response>> SubmitFencedAsync(RecordKey key, string? expectedETag, List<TableTransactionAction> actions)
    {
        try
        {
            return (await table.SubmitTransactionAsync(actions).ConfigureAwait(false)).Value;
        }
        catch (TableTransactionFailedException error) when (error.Status is 404 or 409 or 412)
        {
            // 412: the head changed; 404: it is gone; 409: it (or the entry's row, by a racing append) exists already.
            throw StorageConflict.For(key, expectedETag);
        }
    }

    /// <summary>Deletes every entity of the partition except the head and what belongs to its generation (or to
    /// <paramref name="keep"/>): superseded snapshots, journals, leftovers of a process that died mid-way.</summary>
    private async Task SweepAsync(string partition, string? keep)
    {
        var entities = await QueryPartitionAsync(partition, select: ["RowKey", GenerationProperty]).ConfigureAwait(false);
        var current = entities.TryGetValue(AzureTableKeys.Head, out var head) ? head.GetString(GenerationProperty) : null;
        var stale = entities.Keys.Where(rowKey =>
            !(current is not null && AzureTableKeys.BelongsTo(rowKey, current)) && !(keep is not null && AzureTableKeys.BelongsTo(rowKey, keep)) && rowKey != AzureTableKeys.Head);
        await DeleteAsync(partition, stale.ToList()).ConfigureAwait(false);
    }

    private async Task DeleteAsync(string partition, List<string> rowKeys)
    {
        foreach (var chunk in rowKeys.Chunk(100))
        {
            try
            {
                await table.SubmitTransactionAsync(chunk.Select(rowKey =>
                    new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, rowKey), ETag.All))).ConfigureAwait(false);
            }
            catch (TableTransactionFailedException error) when (error.Status == 404)
            {
                // Someone deleted one of them first: delete the rest one by one (a missing entity is no error there).
                foreach (var rowKey in chunk)
                {
                    await table.DeleteEntityAsync(partition, rowKey, ETag.All).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task DeleteQuietlyAsync(string partition, IEnumerable<string> rowKeys)
    {
        try
        {
            await DeleteAsync(partition, rowKeys.ToList()).ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            // Unreachable pieces of a write that failed; the record's next write or clear deletes them.
        }
    }

    private async Task<Dictionary<string, TableEntity>> QueryPartitionAsync(string partition, IEnumerable<string>? select)
    {
        var entities = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: select).ConfigureAwait(false))
        {
            entities[entity.RowKey] = entity;
        }

        return entities;
    }

    /// <summary>Creates the table once; a failed attempt (service down) is retried by the next caller.</summary>
    private Task EnsureTableAsync()
    {
        var current = Volatile.Read(ref created);
        if (current is null || current.IsFaulted || current.IsCanceled)
        {
            current = table.CreateIfNotExistsAsync();
            Volatile.Write(ref created, current);
        }

        return current;
    }

    private static TableTransactionAction Add(TableEntity entity) => new(TableTransactionActionType.Add, entity);

    // Random, not counted: two writers racing from one ETag must not write their early pieces under the same keys.
    private static string NewGeneration() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
