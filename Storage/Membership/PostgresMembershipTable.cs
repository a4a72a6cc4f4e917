using System.Data.Common;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using PersoActors.Storage.Sql;

namespace PersoActors.Storage.Membership;

/// <summary>The Orleans membership table in PostgreSQL, for silos on several machines. Write transactions run at
/// READ COMMITTED: the version row's <c>UPDATE ... WHERE etag = expected</c> locks that row, and a concurrent
/// writer blocked on it re-checks the etag after the first commits, finds it changed and updates nothing.</summary>
public sealed class PostgresMembershipTable : SqlMembershipTable, IAsyncDisposable, IDisposable
{
    // Any constant works; it only has to be the same in every process that creates the schema.
    private const long SchemaLockKey = 0x5045_5253_4F4D_4252; // "PERSOMBR"

    private readonly NpgsqlDataSource dataSource;

    /// <summary>Creates the table for the configured cluster id and connection string.</summary>
    public PostgresMembershipTable(IOptions<ClusterOptions> cluster, IOptions<PostgresClusteringOptions> options)
        : this(cluster.Value.ClusterId, options.Value)
    {
    }

    /// <summary>Creates the table of cluster <paramref name="clusterId"/> in the database of <paramref name="options"/>.</summary>
    public PostgresMembershipTable(string clusterId, PostgresClusteringOptions options) : base(clusterId)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString, nameof(options.ConnectionString));
        dataSource = NpgsqlDataSource.Create(options.ConnectionString);
    }

    /// <inheritdoc />
    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    protected override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        connection.BeginTransactionAsync(cancellationToken);

    /// <inheritdoc />
    protected override Task CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken) =>
        SqlConnections.CreatePostgresSchemaAsync(connection, SchemaLockKey, Schema, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    /// <inheritdoc />
    public void Dispose() => dataSource.Dispose();
}
