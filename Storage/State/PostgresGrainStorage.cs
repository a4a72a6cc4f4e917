using Npgsql;
using Orleans.Storage;

namespace PersoActors.Storage;

/// <summary>Grain state and journals in PostgreSQL, shared by silos on several machines; tables
/// <c>persoactors_grain_state</c> and <c>persoactors_grain_journal</c>, created on first use. Same contract as
/// <see cref="SqliteGrainStorage"/>: every write checks the ETag atomically, and writes are group-committed (one writer
/// sends everything queued so far as one batch in one transaction; if it fails, every write of the batch fails and
/// none is stored). A batch touches records in key order, so concurrent batches of several silos lock rows in the same
/// order and cannot deadlock each other. Scrubbing writes and clears VACUUM the tables before they complete: the old
/// row versions are then unreachable and their space free, but PostgreSQL does not overwrite their bytes (README,
/// "Byte-level removal depends on the store").</summary>
public sealed class PostgresGrainStorage : GroupCommittedGrainStorage, IAsyncDisposable, IDisposable
{
    private const int MaxBatch = 512;

    private readonly NpgsqlDataSource dataSource;
    private readonly bool ownsDataSource;
    private readonly Task writer;
    private Task? schema;

    /// <summary>A storage on its own data source for <paramref name="connectionString"/>.</summary>
    public PostgresGrainStorage(string connectionString, IGrainStorageSerializer? serializer = null)
        : this(NpgsqlDataSource.Create(connectionString), ownsDataSource: true, serializer)
    {
    }

    /// <summary>A storage on <paramref name="dataSource"/>, disposed with the storage if <paramref name="ownsDataSource"/>.</summary>
    public PostgresGrainStorage(NpgsqlDataSource dataSource, bool ownsDataSource = false, IGrainStorageSerializer? serializer = null) : base(MaxBatch, serializer)
    {
        this.dataSource = dataSource;
        this.ownsDataSource = ownsDataSource;
        writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Stops accepting writes, waits for the queued ones to commit, and releases the data source if owned.</summary>
    public async ValueTask DisposeAsync()
    {
        Queue.Complete();
        await writer.ConfigureAwait(false);
        if (ownsDataSource)
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private protected override async Task<StoredRecord?> ReadRecordAsync(RecordKey key)
    {
        try
        {
            return await ReadOnceAsync(key).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            ForgetBrokenConnections(error);
            throw;
        }
    }

    /// <summary>After the server went away, its pooled connections are dead: drop them all, so the first calls after
    /// a restart open fresh ones instead of failing one by one on the old.</summary>
    private void ForgetBrokenConnections(Exception error)
    {
        if (StoreFaults.Classify(error)?.Reason == StoreUnavailableException.Unreachable)
        {
            dataSource.Clear();
        }
    }

    private async Task<StoredRecord?> ReadOnceAsync(RecordKey key)
    {
        await EnsureSchemaAsync().ConfigureAwait(false);
        await using var command = dataSource.CreateCommand(PostgresStatements.Read);
        PostgresStatements.BindKey(command.Parameters, key);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        if (!await reader.ReadAsync().ConfigureAwait(false) || reader.GetInt32(0) != 0)
        {
            return null;
        }

        var version = reader.GetInt64(1);
        var data = (byte[])reader.GetValue(2);
        var journal = new List<ReadOnlyMemory<byte>>();
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            journal.Add((byte[])reader.GetValue(2));
        }

        return new StoredRecord(data, version.ToString(System.Globalization.CultureInfo.InvariantCulture), journal);
    }

    /// <summary>Creates the tables once; a failed attempt (server down) is retried by the next caller.</summary>
    private Task EnsureSchemaAsync()
    {
        var current = Volatile.Read(ref schema);
        if (current is null || current.IsFaulted || current.IsCanceled)
        {
            current = CreateSchemaAsync();
            Volatile.Write(ref schema, current);
        }

        return current;
    }

    private async Task CreateSchemaAsync()
    {
        await using var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(PostgresStatements.CreateSchema, connection, transaction);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        await transaction.CommitAsync().ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<StorageWrite>(MaxBatch);
        while (await Queue.WaitToReadAsync().ConfigureAwait(false))
        {
            Queue.Fill(batch);
            if (batch.Count > 0)
            {
                if (await CommitBatchAsync(batch).ConfigureAwait(false))
                {
                    Queue.Committed(batch);
                }

                batch.Clear();
            }

            await Queue.ParkIfHeldAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Commits a batch in one transaction and settles its writes; false (every write failed) if it did not commit.</summary>
    private async Task<bool> CommitBatchAsync(List<StorageWrite> queued)
    {
        // Stable: the writes of one record keep their order.
        var batch = queued
            .OrderBy(w => w.Key.GrainType, StringComparer.Ordinal)
            .ThenBy(w => w.Key.GrainKey, StringComparer.Ordinal)
            .ThenBy(w => w.Key.StateName, StringComparer.Ordinal)
            .ToList();
        var results = new object[batch.Count];
        try
        {
            await EnsureSchemaAsync().ConfigureAwait(false);
            await using var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
            await using var commands = new NpgsqlBatch(connection, transaction);
            foreach (var write in batch)
            {
                commands.BatchCommands.Add(PostgresStatements.Command(write));
            }

            await using (var reader = await commands.ExecuteReaderAsync().ConfigureAwait(false))
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    results[i] = batch[i].Outcome(await PostgresStatements.ReadOutcomeAsync(reader, batch[i]).ConfigureAwait(false));
                    await reader.NextResultAsync().ConfigureAwait(false);
                }
            }

            await transaction.CommitAsync().ConfigureAwait(false);
        }
        catch (Exception error)
        {
            ForgetBrokenConnections(error);
            StorageWrite.FailAll(batch, error);
            return false;
        }

        if (batch.Exists(w => w.Scrub))
        {
            try
            {
                // PostgreSQL keeps superseded row versions until VACUUM; a scrub waits for it. VACUUM frees their space
                // without overwriting it; VACUUM FULL would, by rewriting whole tables under an exclusive lock.
                await using var vacuum = dataSource.CreateCommand(PostgresStatements.Vacuum);
                await vacuum.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            catch (Exception)
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    results[i] = batch[i].Scrub ? new StoreUnavailableException(StoreUnavailableException.Busy, "The change was stored but its old versions could not be vacuumed yet; repeat it.") : results[i];
                }
            }
        }

        StorageWrite.Settle(batch, results);
        return true;
    }
}
