using Microsoft.Data.Sqlite;

namespace PersoActors.Storage;

/// <summary>The prepared statements of the writer's connection, compiled once and reused by every group-commit
/// transaction (<see cref="Use"/> before each).</summary>
internal sealed class SqliteStatements : IDisposable
{
    /// <summary>The primary-key condition every statement on a record uses ($t, $k, $s bound by <see cref="Prepare"/>).</summary>
    internal const string Key = "grain_type = $t AND grain_key = $k AND state_name = $s";

    private readonly SqliteCommand insert;
    private readonly SqliteCommand update;
    private readonly SqliteCommand append;
    private readonly SqliteCommand delete;
    private readonly SqliteCommand exists;
    private readonly SqliteCommand dropJournal;

    public SqliteStatements(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        insert = Prepare(connection, transaction, "INSERT INTO grain_state VALUES ($t, $k, $s, $f, $d) ON CONFLICT DO NOTHING RETURNING version", "$f", "$d");
        // A journal entry newer than the writer's ETag means someone else appended: the writer is stale.
        update = Prepare(connection, transaction, $"UPDATE grain_state SET version = version + 1, data = $d WHERE {Key} AND version = $v " +
            $"AND NOT EXISTS (SELECT 1 FROM grain_journal WHERE {Key} AND seq > $j) RETURNING version", "$d", "$v", "$j");
        // Two appenders with the same ETag insert the same sequence number: the primary key lets only one win.
        append = Prepare(connection, transaction, "INSERT INTO grain_journal SELECT $t, $k, $s, $j + 1, $d WHERE EXISTS " +
            $"(SELECT 1 FROM grain_state WHERE {Key} AND version = $v) ON CONFLICT DO NOTHING RETURNING seq", "$d", "$v", "$j");
        delete = Prepare(connection, transaction, $"DELETE FROM grain_state WHERE {Key} AND ($v IS NULL OR (version = $v " +
            $"AND NOT EXISTS (SELECT 1 FROM grain_journal WHERE {Key} AND seq > $j))) RETURNING 0", "$v", "$j");
        exists = Prepare(connection, transaction, $"SELECT 1 FROM grain_state WHERE {Key}");
        dropJournal = Prepare(connection, transaction, $"DELETE FROM grain_journal WHERE {Key}");
    }

    /// <summary>Runs the statements in <paramref name="transaction"/> (the connection's current one).</summary>
    public void Use(SqliteTransaction transaction)
    {
        insert.Transaction = transaction;
        update.Transaction = transaction;
        append.Transaction = transaction;
        delete.Transaction = transaction;
        exists.Transaction = transaction;
        dropJournal.Transaction = transaction;
    }

    /// <summary>Applies one write; returns the new ETag (empty for a delete), or the conflict to report.</summary>
    public object Apply(StorageWrite write)
    {
        var expected = StateVersion.Parse(write.ExpectedETag);
        switch (write.Kind)
        {
            case StorageWriteKind.Delete:
                var deleted = Run(delete, write, expected) is not null;
                if (deleted || expected is null || Run(exists, write, expected) is null)
                {
                    Run(dropJournal, write, expected);
                    return string.Empty;
                }

                return write.Conflict();
            case StorageWriteKind.Append:
                return expected is { } read && Run(append, write, expected) is long seq
                    ? new StateVersion(read.Row, seq).ToString()
                    : write.Conflict();
            default:
                if (Run(expected is null ? insert : update, write, expected) is not long version)
                {
                    return write.Conflict();
                }

                // The new state includes every entry of the journal; with none appended there is nothing to drop.
                if (expected is not { Journal: 0 })
                {
                    Run(dropJournal, write, expected);
                }

                return new StateVersion(version, 0).ToString();
        }
    }

    public void Dispose()
    {
        insert.Dispose();
        update.Dispose();
        append.Dispose();
        delete.Dispose();
        exists.Dispose();
        dropJournal.Dispose();
    }

    private static object? Run(SqliteCommand command, StorageWrite write, StateVersion? expected)
    {
        var parameters = command.Parameters;
        Bind(command, write.Key);
        for (var i = 3; i < parameters.Count; i++)
        {
            parameters[i].Value = parameters[i].ParameterName switch
            {
                "$d" => write.Data,
                "$v" => (object?)expected?.Row ?? DBNull.Value,
                "$f" => StateVersion.FirstRow(),
                _ => expected?.Journal ?? 0,
            };
        }

        return command.ExecuteScalar();
    }

    /// <summary>Binds the record key to the first three parameters of a command made by <see cref="Prepare"/>.</summary>
    internal static void Bind(SqliteCommand command, RecordKey key)
    {
        command.Parameters[0].Value = key.GrainType;
        command.Parameters[1].Value = key.GrainKey;
        command.Parameters[2].Value = key.StateName;
    }

    /// <summary>A prepared command whose first three parameters are the record's key ($t, $k, $s), then <paramref name="extra"/>.</summary>
    internal static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction? transaction, string sql, params string[] extra)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.Add("$t", SqliteType.Text);
        command.Parameters.Add("$k", SqliteType.Text);
        command.Parameters.Add("$s", SqliteType.Text);
        foreach (var name in extra)
        {
            command.Parameters.Add(name, name == "$d" ? SqliteType.Blob : SqliteType.Integer);
        }

        command.Prepare();
        return command;
    }
}
