using System.Data.Common;
using Microsoft.Data.Sqlite;
using PersoActors.Storage.Sql;

namespace PersoActors.Storage.Reminders;

/// <summary>The Orleans reminder table in a SQLite file (Orleans ships none for SQLite). It may be the grain-state
/// file itself: the file is in WAL mode, each statement is its own short transaction, and writers wait for each other
/// up to the busy timeout. <c>synchronous = NORMAL</c>: a registered reminder survives <c>kill -9</c>, and one lost to a
/// power loss is registered again by its grain's next activation from the stored outbox (docs/orchestration.md);
/// <c>secure_delete</c>: an erased customer's removed reminder row (it names the grain) is zeroed.</summary>
public sealed class SqliteReminderTable : SqlReminderTable
{
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);
    private readonly string connectionString;

    /// <summary>Creates the table of service <paramref name="serviceId"/> in the file <paramref name="path"/> (created if missing).</summary>
    public SqliteReminderTable(string serviceId, string path) : base(serviceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        DatabasePath = Path.GetFullPath(path);
        SqliteFiles.RefuseIfNotDatabase(DatabasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString();
    }

    /// <summary>The absolute path of the database file.</summary>
    public string DatabasePath { get; }

    /// <inheritdoc />
    protected override ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        SqlConnections.OpenSqliteAsync(connectionString, $"PRAGMA busy_timeout = {(long)BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = NORMAL; PRAGMA secure_delete = ON;", cancellationToken);

    /// <inheritdoc />
    protected override async Task CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // journal_mode is a property of the file; the grain storage sets the same when it shares the file.
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;" + Schema;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
