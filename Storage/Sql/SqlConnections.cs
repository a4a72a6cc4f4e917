using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace PersoActors.Storage.Sql;

/// <summary>How every table we keep in SQLite or PostgreSQL (membership, reminders) opens connections and creates
/// its schema.</summary>
internal static class SqlConnections
{
    /// <summary>Opens a SQLite connection and applies <paramref name="pragmas"/>: pooled connections keep them, but
    /// setting them again is cheap and keeps every connection right whichever code opened it first.</summary>
    public static async ValueTask<DbConnection> OpenSqliteAsync(string connectionString, string pragmas, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs a PostgreSQL schema script under a transaction-scoped advisory lock: CREATE … IF NOT EXISTS is
    /// not safe against itself across sessions (both can pass the check and one fails on the catalog's unique index).</summary>
    public static async Task CreatePostgresSchemaAsync(DbConnection connection, long lockKey, string schema, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT pg_advisory_xact_lock({lockKey});" + schema;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
