using System.Data.Common;
using Npgsql;

namespace PersoActors.Runtime.Cluster.Membership;

/// <summary>Membership in PostgreSQL, for silos on several machines.</summary>
public sealed class PostgresMembershipTable(NpgsqlDataSource dataSource, string clusterId) : SqlMembershipTable(clusterId)
{
    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    protected override async Task CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // CREATE TABLE IF NOT EXISTS races with itself across processes; an advisory lock serializes it.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT pg_advisory_xact_lock(7310251);" + PortableSchema;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
