using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using PersoActors.Storage.Sql;

namespace PersoActors.Storage.Membership;

/// <summary>The Orleans membership table in a SQLite file that several silo and client processes on one machine
/// share. The file is in WAL mode (readers never block the writer); every write transaction is
/// <c>BEGIN IMMEDIATE</c>, so the compare-and-swap takes the file's write lock before it reads the version, and
/// processes wait for each other up to <see cref="SqliteClusteringOptions.BusyTimeout"/>;
/// <c>synchronous = FULL</c> makes a committed membership change survive a power loss.</summary>
public sealed class SqliteMembershipTable : SqlMembershipTable
{
    private readonly string connectionString;
    private readonly string pragmas;

    /// <summary>Creates the table for the configured cluster id and database file.</summary>
    public SqliteMembershipTable(IOptions<ClusterOptions> cluster, IOptions<SqliteClusteringOptions> options)
        : this(cluster.Value.ClusterId, options.Value)
    {
    }

    /// <summary>Creates the table of cluster <paramref name="clusterId"/> in the file of <paramref name="options"/>.</summary>
    public SqliteMembershipTable(string clusterId, SqliteClusteringOptions options) : base(clusterId)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DatabasePath, nameof(options.DatabasePath));
        DatabasePath = Path.GetFullPath(options.DatabasePath);
        SqliteFiles.RefuseIfNotDatabase(DatabasePath);
        // SQLite creates a missing file but not a missing directory.
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString();
        pragmas = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = FULL;");
    }

    /// <summary>The absolute path of the database file.</summary>
    public string DatabasePath { get; }

    /// <inheritdoc />
    protected override ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        SqlConnections.OpenSqliteAsync(connectionString, pragmas, cancellationToken);

    /// <inheritdoc />
    protected override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        // deferred: false is BEGIN IMMEDIATE: the write lock is taken up front, so two processes cannot both read
        // the same version inside their transactions and then deadlock upgrading to writers.
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(IsolationLevel.Serializable, deferred: false));

    /// <inheritdoc />
    protected override async Task CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // journal_mode is a property of the file (persistent) and cannot change inside a transaction.
        await using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            await wal.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Schema;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
