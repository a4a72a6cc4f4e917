using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace PersoActors.Runtime.Cluster.Membership;

/// <summary>Membership in a SQLite file that several silo processes on one machine share (WAL mode;
/// writers wait for each other through the busy timeout).</summary>
public sealed class SqliteMembershipTable : SqlMembershipTable
{
    private readonly string connectionString;

    public SqliteMembershipTable(string path, string clusterId) : base(clusterId)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 10 }.ToString();
    }

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = FULL;";
        await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    protected override async Task CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;" + PortableSchema;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
