using System.Data.Common;
using Npgsql;
using PersoActors.Storage.Sql;

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
    protected override Task CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken) =>
        SqlConnections.CreatePostgresSchemaAsync(connection, SchemaLockKey, Schema, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    /// <inheritdoc />
    public void Dispose() => dataSource.Dispose();
}
