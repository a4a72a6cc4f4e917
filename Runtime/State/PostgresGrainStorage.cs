using System.Globalization;
using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;

namespace PersoActors.Runtime.State;

/// <summary>Grain state in PostgreSQL, shared by silos on several machines. Same contract as
/// <see cref="SqliteGrainStorage"/>: the ETag is the row version, every write checks it atomically (an append
/// bumps the version too, so the row lock serializes appends and writes across machines),
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
        // One statement, one snapshot: the state and its journal as of the same commit.
        await using var command = dataSource.CreateCommand("""
            SELECT 0 AS part, version, data FROM persoactors_grain_state WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3
            UNION ALL
            SELECT 1, seq, data FROM persoactors_grain_journal WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3
            ORDER BY 1, 2
            """);
        BindKey(command.Parameters, grainId, stateName);
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

        return new StoredState(data, version.ToString(CultureInfo.InvariantCulture)) { Journal = journal };
    }

    public Task<string> WriteAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> data, string? expectedETag, StateWriteMode mode) =>
        Enqueue(StorageWrite.Put(grainId, stateName, data, expectedETag, mode));

    public Task<string> AppendAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> entry, string expectedETag) =>
        Enqueue(StorageWrite.Append(grainId, stateName, entry, expectedETag));

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
            CREATE TABLE IF NOT EXISTS persoactors_grain_journal (
                grain_type TEXT NOT NULL,
                grain_key  TEXT NOT NULL,
                state_name TEXT NOT NULL,
                seq        BIGINT NOT NULL,
                data       BYTEA NOT NULL,
                PRIMARY KEY (grain_type, grain_key, state_name, seq));
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
                await using var vacuum = dataSource.CreateCommand("VACUUM persoactors_grain_state, persoactors_grain_journal");
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

    private const string Key = "grain_type = $1 AND grain_key = $2 AND state_name = $3";

    // A new record starts at the database server's clock in microseconds, above every version of an erased predecessor
    // (see StateVersion.FirstRow); one clock for all silos, whatever their machines' clocks say.
    private const string FirstVersion = "(extract(epoch FROM clock_timestamp()) * 1000000)::bigint";

    private static NpgsqlBatchCommand Command(StorageWrite write)
    {
        var command = new NpgsqlBatchCommand();
        BindKey(command.Parameters, write.GrainId, write.StateName);
        var expected = write.Expected?.Row;
        switch (write.Kind)
        {
            case StorageWriteKind.Delete:
                // One statement: the EXISTS sees the row as it was before the DELETE; the journal goes with the row.
                command.CommandText = expected is null
                    ? $"""
                       WITH d AS (DELETE FROM persoactors_grain_state WHERE {Key} RETURNING 1),
                            j AS (DELETE FROM persoactors_grain_journal WHERE {Key})
                       SELECT (SELECT count(*) FROM d), false
                       """
                    : $"""
                       WITH d AS (DELETE FROM persoactors_grain_state WHERE {Key} AND version = $4 RETURNING 1),
                            j AS (DELETE FROM persoactors_grain_journal WHERE {Key} AND EXISTS (SELECT 1 FROM d))
                       SELECT (SELECT count(*) FROM d),
                              EXISTS (SELECT 1 FROM persoactors_grain_state WHERE {Key})
                       """;
                break;
            case StorageWriteKind.Append:
                // Bumping the version takes the row lock: a concurrent write or append of the same grain waits and then fails its check.
                command.CommandText = $"""
                    WITH u AS (UPDATE persoactors_grain_state SET version = version + 1 WHERE {Key} AND version = $4 RETURNING version)
                    INSERT INTO persoactors_grain_journal SELECT $1, $2, $3, u.version, $5 FROM u RETURNING seq
                    """;
                break;
            default:
                command.CommandText = expected is null
                    ? $"""
                       WITH i AS (INSERT INTO persoactors_grain_state VALUES ($1, $2, $3, {FirstVersion}, $4) ON CONFLICT DO NOTHING RETURNING version),
                            j AS (DELETE FROM persoactors_grain_journal WHERE {Key} AND EXISTS (SELECT 1 FROM i))
                       SELECT version FROM i
                       """
                    : $"""
                       WITH u AS (UPDATE persoactors_grain_state SET version = version + 1, data = $5 WHERE {Key} AND version = $4 RETURNING version),
                            j AS (DELETE FROM persoactors_grain_journal WHERE {Key} AND EXISTS (SELECT 1 FROM u))
                       SELECT version FROM u
                       """;
                break;
        }

        if (expected is { } version)
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = version, NpgsqlDbType = NpgsqlDbType.Bigint });
        }

        if (!write.Delete)
        {
            command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = write.Data, NpgsqlDbType = NpgsqlDbType.Bytea });
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
            return !deleted && existed && write.Expected is not null ? conflict : string.Empty;
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
