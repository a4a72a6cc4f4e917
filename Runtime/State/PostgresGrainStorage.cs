using System.Globalization;
using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;

namespace PersoActors.Runtime.State;

/// <summary>Grain state in PostgreSQL, shared by silos on several machines. Same contract as
/// <see cref="SqliteGrainStorage"/>: the ETag is the row version, every write checks it atomically,
/// and writes are group-committed: one writer sends everything queued so far as one batch in one
/// transaction, so concurrent grains share a commit (and its fsync).</summary>
public sealed class PostgresGrainStorage : IGrainStorage, IAsyncDisposable
{
    private const int MaxBatch = 512;

    private readonly NpgsqlDataSource dataSource;
    private readonly bool ownsDataSource;
    private readonly Channel<StorageWrite> writes = Channel.CreateUnbounded<StorageWrite>(new() { SingleReader = true });
    private readonly Lazy<Task> schema;
    private readonly Task writer;

    public PostgresGrainStorage(string connectionString) : this(NpgsqlDataSource.Create(connectionString), ownsDataSource: true)
    {
    }

    public PostgresGrainStorage(NpgsqlDataSource dataSource, bool ownsDataSource = false)
    {
        this.dataSource = dataSource;
        this.ownsDataSource = ownsDataSource;
        schema = new Lazy<Task>(CreateSchemaAsync);
        writer = Task.Run(WriteLoopAsync);
    }

    public async Task<StoredState?> ReadAsync(GrainId grainId, string stateName)
    {
        await schema.Value.ConfigureAwait(false);
        await using var command = dataSource.CreateCommand(
            "SELECT version, data FROM persoactors_grain_state WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3");
        BindKey(command.Parameters, grainId, stateName);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        return await reader.ReadAsync().ConfigureAwait(false)
            ? new StoredState((byte[])reader.GetValue(1), reader.GetInt64(0).ToString(CultureInfo.InvariantCulture))
            : null;
    }

    public Task<string> WriteAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> data, string? expectedETag, StateWriteMode mode) =>
        Enqueue(StorageWrite.Put(grainId, stateName, data, expectedETag, mode));

    public Task ClearAsync(GrainId grainId, string stateName, string? expectedETag) =>
        Enqueue(StorageWrite.Remove(grainId, stateName, expectedETag));

    public async ValueTask DisposeAsync()
    {
        writes.Writer.TryComplete();
        await writer.ConfigureAwait(false);
        if (ownsDataSource)
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    private Task<string> Enqueue(StorageWrite write)
    {
        if (!writes.Writer.TryWrite(write))
        {
            throw new ObjectDisposedException(nameof(PostgresGrainStorage));
        }

        return write.Completion.Task;
    }

    private async Task CreateSchemaAsync()
    {
        await using var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand("""
            SELECT pg_advisory_xact_lock(7310252);
            CREATE TABLE IF NOT EXISTS persoactors_grain_state (
                grain_type TEXT NOT NULL,
                grain_key  TEXT NOT NULL,
                state_name TEXT NOT NULL,
                version    BIGINT NOT NULL,
                data       BYTEA NOT NULL,
                PRIMARY KEY (grain_type, grain_key, state_name));
            """, connection, transaction);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        await transaction.CommitAsync().ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<StorageWrite>(MaxBatch);
        while (await writes.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && writes.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            await CommitBatchAsync(batch).ConfigureAwait(false);
            batch.Clear();
        }
    }

    private async Task CommitBatchAsync(List<StorageWrite> batch)
    {
        var results = new object[batch.Count];
        try
        {
            await schema.Value.ConfigureAwait(false);
            await using (var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false))
            {
                await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
                await using var commands = new NpgsqlBatch(connection, transaction);
                foreach (var write in batch)
                {
                    commands.BatchCommands.Add(Command(write));
                }

                await using (var reader = await commands.ExecuteReaderAsync().ConfigureAwait(false))
                {
                    for (var i = 0; i < batch.Count; i++)
                    {
                        results[i] = await ReadOutcomeAsync(reader, batch[i]).ConfigureAwait(false);
                        await reader.NextResultAsync().ConfigureAwait(false);
                    }
                }

                await transaction.CommitAsync().ConfigureAwait(false);
            }

            if (batch.Exists(w => w.Scrub))
            {
                // PostgreSQL keeps superseded row versions until VACUUM; a scrub waits for it.
                await using var vacuum = dataSource.CreateCommand("VACUUM persoactors_grain_state");
                await vacuum.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
        }
        catch (Exception error)
        {
            StorageWrite.FailAll(batch, error);
            return;
        }

        StorageWrite.Settle(batch, results);
    }

    private static NpgsqlBatchCommand Command(StorageWrite write)
    {
        var command = new NpgsqlBatchCommand();
        BindKey(command.Parameters, write.GrainId, write.StateName);
        if (write.Delete)
        {
            // One statement: the EXISTS sees the row as it was before the DELETE.
            command.CommandText = write.ExpectedVersion is null
                ? "WITH d AS (DELETE FROM persoactors_grain_state WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3 RETURNING 1) SELECT (SELECT count(*) FROM d), false"
                : """
                  WITH d AS (DELETE FROM persoactors_grain_state WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3 AND version = $4 RETURNING 1)
                  SELECT (SELECT count(*) FROM d),
                         EXISTS (SELECT 1 FROM persoactors_grain_state WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3)
                  """;
            if (write.ExpectedVersion is { } expected)
            {
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expected, NpgsqlDbType = NpgsqlDbType.Bigint });
            }

            return command;
        }

        command.CommandText = write.ExpectedVersion is null
            ? "INSERT INTO persoactors_grain_state VALUES ($1, $2, $3, 1, $4) ON CONFLICT DO NOTHING RETURNING version"
            : "UPDATE persoactors_grain_state SET version = version + 1, data = $4 WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3 AND version = $5 RETURNING version";
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = write.Data, NpgsqlDbType = NpgsqlDbType.Bytea });
        if (write.ExpectedVersion is { } version)
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = version, NpgsqlDbType = NpgsqlDbType.Bigint });
        }

        return command;
    }

    private static async Task<object> ReadOutcomeAsync(NpgsqlDataReader reader, StorageWrite write)
    {
        var hasRow = await reader.ReadAsync().ConfigureAwait(false);
        var conflict = write.Conflict();
        if (write.Delete)
        {
            var deleted = hasRow && reader.GetInt64(0) > 0;
            var existed = hasRow && reader.GetBoolean(1);
            return !deleted && existed && write.ExpectedVersion is not null ? conflict : string.Empty;
        }

        return hasRow ? reader.GetInt64(0).ToString(CultureInfo.InvariantCulture) : conflict;
    }

    private static void BindKey(NpgsqlParameterCollection parameters, GrainId grainId, string stateName)
    {
        parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Type });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Key });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = stateName });
    }


}
