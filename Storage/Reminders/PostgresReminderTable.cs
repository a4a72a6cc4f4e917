using System.Data.Common;
using Npgsql;

namespace PersoActors.Storage.Reminders;

/// <summary>The Orleans reminder table in PostgreSQL (our schema; Orleans' ADO.NET provider needs its own scripts).
/// Every statement is a single-row or range statement in its own transaction.</summary>
public sealed class PostgresReminderTable : SqlReminderTable, IAsyncDisposable, IDisposable
{
    // Any constant works; it only has to be the same in every process that creates the schema.
    private const long SchemaLockKey = 0x5045_5253_4F52_454D; // "PERSOREM"

    private readonly NpgsqlDataSource dataSource;

    /// <summary>Creates the table of service <paramref name="serviceId"/> in the database of <paramref name="connectionString"/>.</summary>
    public PostgresReminderTable(string serviceId, string connectionString) : base(serviceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        dataSource = NpgsqlDataSource.Create(connectionString);
    }

    /// <inheritdoc />
    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    protected override async Task CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // CREATE ... IF NOT EXISTS races with itself across sessions; a transaction-scoped advisory lock serializes it.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT pg_advisory_xact_lock({SchemaLockKey});" + Schema;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    /// <inheritdoc />
    public void Dispose() => dataSource.Dispose();
}
