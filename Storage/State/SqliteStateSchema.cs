using Microsoft.Data.Sqlite;

namespace PersoActors.Storage;

/// <summary>The tables of <see cref="SqliteGrainStorage"/>: created on first use, and moved from the earlier layout
/// (WITHOUT ROWID tables) when a file still has it.</summary>
internal static class SqliteStateSchema
{
    // Ordinary rowid tables with a unique key. A state row holds a whole snapshot (a customer's is ~12 KB), and a
    // WITHOUT ROWID table keeps whole rows in its interior pages as keys, so every key comparison on the way to a
    // record read the overflow pages of other records' snapshots: half the writer's time per append (perf, 20,000
    // customers). Through a unique index, the search compares keys of a few dozen bytes.
    private const string Tables = """
        CREATE TABLE IF NOT EXISTS grain_state (
            grain_type TEXT NOT NULL,
            grain_key  TEXT NOT NULL,
            state_name TEXT NOT NULL,
            version    INTEGER NOT NULL,
            data       BLOB NOT NULL,
            UNIQUE (grain_type, grain_key, state_name));
        CREATE TABLE IF NOT EXISTS grain_journal (
            grain_type TEXT NOT NULL,
            grain_key  TEXT NOT NULL,
            state_name TEXT NOT NULL,
            seq        INTEGER NOT NULL,
            data       BLOB NOT NULL,
            UNIQUE (grain_type, grain_key, state_name, seq));
        """;

    private static readonly string[] TableNames = ["grain_state", "grain_journal"];

    /// <summary>Creates the tables, or moves every row of tables in the earlier layout into new ones, in one
    /// transaction that takes the write lock first: of several processes opening the file, one moves, the others
    /// then find the new layout.</summary>
    public static void Ensure(SqliteConnection connection)
    {
        Execute(connection, null, "PRAGMA journal_mode = WAL;");
        using var transaction = connection.BeginTransaction(deferred: false);
        var earlier = TableNames.Where(table => IsWithoutRowid(connection, transaction, table)).ToList();
        foreach (var table in earlier)
        {
            Execute(connection, transaction, $"ALTER TABLE {table} RENAME TO {table}_earlier;");
        }

        Execute(connection, transaction, Tables);
        foreach (var table in earlier)
        {
            Execute(connection, transaction, $"INSERT INTO {table} SELECT * FROM {table}_earlier; DROP TABLE {table}_earlier;");
        }

        transaction.Commit();
    }

    private static bool IsWithoutRowid(SqliteConnection connection, SqliteTransaction transaction, string table)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", table);
        return command.ExecuteScalar() is string sql && sql.Contains("WITHOUT ROWID", StringComparison.OrdinalIgnoreCase);
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
