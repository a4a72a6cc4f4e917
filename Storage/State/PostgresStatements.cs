using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace PersoActors.Storage;

/// <summary>The SQL of <see cref="PostgresGrainStorage"/>: our own schema (two tables, created if missing) and one
/// statement per queued write. The ETag is the row version; an append bumps it too, so the row lock of the state
/// serializes appends and writes of one record across machines.</summary>
internal static class PostgresStatements
{
    public const string StateTable = "persoactors_grain_state";
    public const string JournalTable = "persoactors_grain_journal";

    public const string CreateSchema = $"""
        SELECT pg_advisory_xact_lock(7310252);
        CREATE TABLE IF NOT EXISTS {StateTable} (
            grain_type TEXT NOT NULL,
            grain_key  TEXT NOT NULL,
            state_name TEXT NOT NULL,
            version    BIGINT NOT NULL,
            data       BYTEA NOT NULL,
            PRIMARY KEY (grain_type, grain_key, state_name));
        CREATE TABLE IF NOT EXISTS {JournalTable} (
            grain_type TEXT NOT NULL,
            grain_key  TEXT NOT NULL,
            state_name TEXT NOT NULL,
            seq        BIGINT NOT NULL,
            data       BYTEA NOT NULL,
            PRIMARY KEY (grain_type, grain_key, state_name, seq));
        """;

    // One statement, one snapshot: the state and its journal as of the same commit.
    public const string Read = $"""
        SELECT 0 AS part, version, data FROM {StateTable} WHERE {Key}
        UNION ALL
        SELECT 1, seq, data FROM {JournalTable} WHERE {Key}
        ORDER BY 1, 2
        """;

    public const string Vacuum = $"VACUUM {StateTable}, {JournalTable}";

    private const string Key = "grain_type = $1 AND grain_key = $2 AND state_name = $3";

    // A new record starts at the database server's clock in microseconds, above every version of an erased predecessor
    // (see StateVersion.FirstRow); one clock for all silos, whatever their machines' clocks say.
    private const string FirstVersion = "(extract(epoch FROM clock_timestamp()) * 1000000)::bigint";

    public static NpgsqlBatchCommand Command(StorageWrite write)
    {
        var command = new NpgsqlBatchCommand();
        BindKey(command.Parameters, write.Key);
        var expected = ParseVersion(write.ExpectedETag);
        command.CommandText = (write.Kind, expected) switch
        {
            (StorageWriteKind.Delete, null) => $"""
                WITH d AS (DELETE FROM {StateTable} WHERE {Key} RETURNING 1),
                     j AS (DELETE FROM {JournalTable} WHERE {Key})
                SELECT (SELECT count(*) FROM d), false
                """,
            // One statement: the EXISTS sees the row as it was before the DELETE; the journal goes with the row.
            (StorageWriteKind.Delete, _) => $"""
                WITH d AS (DELETE FROM {StateTable} WHERE {Key} AND version = $4 RETURNING 1),
                     j AS (DELETE FROM {JournalTable} WHERE {Key} AND EXISTS (SELECT 1 FROM d))
                SELECT (SELECT count(*) FROM d), EXISTS (SELECT 1 FROM {StateTable} WHERE {Key})
                """,
            // Bumping the version takes the row lock: a concurrent write or append of the record waits, then fails its check.
            (StorageWriteKind.Append, _) => $"""
                WITH u AS (UPDATE {StateTable} SET version = version + 1 WHERE {Key} AND version = $4 RETURNING version)
                INSERT INTO {JournalTable} SELECT $1, $2, $3, u.version, $5 FROM u RETURNING seq
                """,
            (_, null) => $"""
                WITH i AS (INSERT INTO {StateTable} VALUES ($1, $2, $3, {FirstVersion}, $4) ON CONFLICT DO NOTHING RETURNING version),
                     j AS (DELETE FROM {JournalTable} WHERE {Key} AND EXISTS (SELECT 1 FROM i))
                SELECT version FROM i
                """,
            _ => $"""
                WITH u AS (UPDATE {StateTable} SET version = version + 1, data = $5 WHERE {Key} AND version = $4 RETURNING version),
                     j AS (DELETE FROM {JournalTable} WHERE {Key} AND EXISTS (SELECT 1 FROM u))
                SELECT version FROM u
                """,
        };

        if (expected is { } version)
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = version, NpgsqlDbType = NpgsqlDbType.Bigint });
        }
        else if (write.Kind == StorageWriteKind.Append)
        {
            // Nothing to append to without a version: $4 can match no row.
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = -1, NpgsqlDbType = NpgsqlDbType.Bigint });
        }

        if (write.Kind != StorageWriteKind.Delete)
        {
            command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = write.Data, NpgsqlDbType = NpgsqlDbType.Bytea });
        }

        return command;
    }

    /// <summary>Reads the outcome of <see cref="Command"/> from its result set: the new ETag, or the conflict to report.</summary>
    public static async Task<object> ReadOutcomeAsync(NpgsqlDataReader reader, StorageWrite write)
    {
        var hasRow = await reader.ReadAsync().ConfigureAwait(false);
        if (write.Kind == StorageWriteKind.Delete)
        {
            var deleted = hasRow && reader.GetInt64(0) > 0;
            var existed = hasRow && reader.GetBoolean(1);
            return !deleted && existed && write.ExpectedETag is not null ? write.Conflict() : string.Empty;
        }

        return hasRow ? reader.GetInt64(0).ToString(CultureInfo.InvariantCulture) : write.Conflict();
    }

    public static void BindKey(NpgsqlParameterCollection parameters, RecordKey key)
    {
        parameters.Add(new NpgsqlParameter<string> { TypedValue = key.GrainType });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = key.GrainKey });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = key.StateName });
    }

    /// <summary>The row version an ETag stands for; -1 (matching no row) for text that no store of ours produced.</summary>
    private static long? ParseVersion(string? etag) => etag is null
        ? null
        : long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : -1;
}
