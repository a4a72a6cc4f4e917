using System.Globalization;
using Microsoft.Data.Sqlite;

namespace PersoActors.Runtime.State;

/// <summary>The prepared statements of one group-commit transaction, reused for every write in the batch.</summary>
internal sealed class SqliteStatements : IDisposable
{
    private readonly SqliteCommand insert;
    private readonly SqliteCommand update;
    private readonly SqliteCommand delete;
    private readonly SqliteCommand exists;

    public SqliteStatements(SqliteConnection connection, SqliteTransaction transaction)
    {
        insert = Prepare(connection, transaction, "INSERT INTO grain_state VALUES ($t, $k, $s, 1, $d) ON CONFLICT DO NOTHING RETURNING version", withVersion: false, withData: true);
        update = Prepare(connection, transaction, "UPDATE grain_state SET version = version + 1, data = $d WHERE grain_type = $t AND grain_key = $k AND state_name = $s AND version = $v RETURNING version", withVersion: true, withData: true);
        delete = Prepare(connection, transaction, "DELETE FROM grain_state WHERE grain_type = $t AND grain_key = $k AND state_name = $s AND ($v IS NULL OR version = $v) RETURNING 0", withVersion: true, withData: false);
        exists = Prepare(connection, transaction, "SELECT 1 FROM grain_state WHERE grain_type = $t AND grain_key = $k AND state_name = $s", withVersion: false, withData: false);
    }

    /// <summary>Applies one write; returns the new ETag, or the conflict to report.</summary>
    public object Apply(StorageWrite write)
    {
        if (write.Delete)
        {
            var deleted = Run(delete, write) is not null;
            return deleted || write.ExpectedVersion is null || Run(exists, write) is null ? string.Empty : write.Conflict();
        }

        return Run(write.ExpectedVersion is null ? insert : update, write) is long version
            ? version.ToString(CultureInfo.InvariantCulture)
            : write.Conflict();
    }

    public void Dispose()
    {
        insert.Dispose();
        update.Dispose();
        delete.Dispose();
        exists.Dispose();
    }

    private static object? Run(SqliteCommand command, StorageWrite write)
    {
        command.Parameters["$t"].Value = write.GrainId.Type;
        command.Parameters["$k"].Value = write.GrainId.Key;
        command.Parameters["$s"].Value = write.StateName;
        if (command.Parameters.Contains("$v"))
        {
            command.Parameters["$v"].Value = (object?)write.ExpectedVersion ?? DBNull.Value;
        }

        if (command.Parameters.Contains("$d"))
        {
            command.Parameters["$d"].Value = write.Data;
        }

        return command.ExecuteScalar();
    }


    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, bool withVersion, bool withData)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.Add("$t", SqliteType.Text);
        command.Parameters.Add("$k", SqliteType.Text);
        command.Parameters.Add("$s", SqliteType.Text);
        if (withVersion)
        {
            command.Parameters.Add("$v", SqliteType.Integer);
        }

        if (withData)
        {
            command.Parameters.Add("$d", SqliteType.Blob);
        }

        command.Prepare();
        return command;
    }
}
