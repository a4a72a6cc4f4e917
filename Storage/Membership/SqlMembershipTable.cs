using System.Data.Common;

namespace PersoActors.Storage.Membership;

/// <summary>An Orleans membership table in a SQL database; SQLite and PostgreSQL share this code (the SQL is
/// portable; opening connections, starting write transactions and creating the schema differ).</summary>
/// <remarks>
/// <para>Schema (ours): one version row per cluster id (<c>version</c>, <c>etag</c>) and one row per silo keyed by
/// (cluster id, silo address), so several clusters can share one database without seeing each other.</para>
/// <para>Every membership change is one transaction that first compare-and-swaps the version row on its etag
/// (<c>WHERE etag = expected</c>): the loser of a race updates zero rows, rolls back and reports <c>false</c>,
/// as Orleans expects; it then re-reads the table and retries. Row etags change on <see cref="InsertRowAsync"/>
/// and <see cref="UpdateRowAsync"/> only, never on heartbeats, so a silo's heartbeat does not fail a concurrent
/// suspicion vote that read the row earlier. Etags are fresh GUIDs rather than version numbers, so an etag read
/// before <see cref="DeleteMembershipTableEntriesAsync"/> can never match a re-created table.</para>
/// <para>Times are stored as UTC ticks (exact round trip); <c>last_seen</c> is the latest of the start time,
/// heartbeat and suspicion votes of a row, which is what defunct-silo cleanup compares against.</para>
/// </remarks>
public abstract class SqlMembershipTable : IMembershipTable
{
    /// <summary>Both tables, portable between SQLite and PostgreSQL.</summary>
    protected const string Schema = """
        CREATE TABLE IF NOT EXISTS persoactors_cluster_version (
            cluster_id TEXT NOT NULL PRIMARY KEY,
            version    BIGINT NOT NULL,
            etag       TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS persoactors_cluster_silos (
            cluster_id    TEXT NOT NULL,
            address       TEXT NOT NULL,
            etag          TEXT NOT NULL,
            status        BIGINT NOT NULL,
            suspect_times TEXT NOT NULL,
            proxy_port    BIGINT NOT NULL,
            host_name     TEXT NULL,
            silo_name     TEXT NULL,
            role_name     TEXT NULL,
            update_zone   BIGINT NOT NULL,
            fault_zone    BIGINT NOT NULL,
            start_time    BIGINT NOT NULL,
            iamalive_time BIGINT NOT NULL,
            last_seen     BIGINT NOT NULL,
            PRIMARY KEY (cluster_id, address));
        """;

    private const string SelectColumns = """
        SELECT v.version, v.etag, s.address, s.etag, s.status, s.suspect_times, s.proxy_port, s.host_name, s.silo_name,
               s.role_name, s.update_zone, s.fault_zone, s.start_time, s.iamalive_time
        FROM persoactors_cluster_version v
        """;

    private const string BumpVersion =
        "UPDATE persoactors_cluster_version SET version = @version, etag = @version_etag WHERE cluster_id = @cluster AND etag = @expected_version_etag";

    /// <summary>Creates a table for one cluster.</summary>
    /// <param name="clusterId">The Orleans cluster id (<c>ClusterOptions.ClusterId</c>) whose rows this table reads and writes.</param>
    protected SqlMembershipTable(string clusterId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        ClusterId = clusterId;
    }

    /// <summary>The cluster whose rows this table reads and writes.</summary>
    public string ClusterId { get; }

    /// <summary>Opens a connection ready for use.</summary>
    protected abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Starts a transaction that holds the database's write lock (or row locks) from its first statement on.</summary>
    protected abstract ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Creates <see cref="Schema"/> if it is missing, safely when several processes do it at once.</summary>
    protected abstract Task CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <inheritdoc />
    public async Task InitializeMembershipTableAsync(bool tryInitTableVersion, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await CreateSchemaAsync(connection, cancellationToken).ConfigureAwait(false);
        if (tryInitTableVersion)
        {
            await using var command = Command(connection, null, "INSERT INTO persoactors_cluster_version (cluster_id, version, etag) VALUES (@cluster, 0, @version_etag) ON CONFLICT DO NOTHING");
            Add(command, "@version_etag", NewEtag());
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        foreach (var table in (string[])["persoactors_cluster_silos", "persoactors_cluster_version"])
        {
            await using var command = Command(connection, transaction, $"DELETE FROM {table} WHERE cluster_id = @cluster", clusterId);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "DELETE FROM persoactors_cluster_silos WHERE cluster_id = @cluster AND status = @status AND last_seen < @before");
        Add(command, "@status", (long)SiloStatus.Dead);
        Add(command, "@before", beforeDate.UtcTicks);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<MembershipTableData> ReadRowAsync(SiloAddress key, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        // One statement, so the version and the row come from one consistent snapshot.
        await using var command = Command(connection, null, SelectColumns + """
             LEFT JOIN persoactors_cluster_silos s ON s.cluster_id = v.cluster_id AND s.address = @address
             WHERE v.cluster_id = @cluster
            """);
        Add(command, "@address", key.ToParsableString());
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, SelectColumns + """
             LEFT JOIN persoactors_cluster_silos s ON s.cluster_id = v.cluster_id
             WHERE v.cluster_id = @cluster
            """);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion tableVersion, CancellationToken cancellationToken = default) =>
        WriteAsync(entry, tableVersion, """
            INSERT INTO persoactors_cluster_silos (cluster_id, address, etag, status, suspect_times, proxy_port, host_name, silo_name,
                role_name, update_zone, fault_zone, start_time, iamalive_time, last_seen)
            VALUES (@cluster, @address, @etag, @status, @suspect_times, @proxy_port, @host_name, @silo_name,
                @role_name, @update_zone, @fault_zone, @start_time, @iamalive_time, @last_seen)
            ON CONFLICT (cluster_id, address) DO NOTHING
            """, expectedRowEtag: null, cancellationToken);

    /// <inheritdoc />
    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion tableVersion, CancellationToken cancellationToken = default) =>
        WriteAsync(entry, tableVersion, """
            UPDATE persoactors_cluster_silos SET etag = @etag, status = @status, suspect_times = @suspect_times,
                proxy_port = @proxy_port, host_name = @host_name, silo_name = @silo_name, role_name = @role_name,
                update_zone = @update_zone, fault_zone = @fault_zone, start_time = @start_time, iamalive_time = @iamalive_time,
                last_seen = CASE WHEN last_seen > @last_seen THEN last_seen ELSE @last_seen END
            WHERE cluster_id = @cluster AND address = @address AND etag = @expected_etag
            """, etag ?? throw new ArgumentNullException(nameof(etag)), cancellationToken);

    /// <inheritdoc />
    public async Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, """
            UPDATE persoactors_cluster_silos SET iamalive_time = @iamalive_time,
                last_seen = CASE WHEN last_seen > @iamalive_time THEN last_seen ELSE @iamalive_time END
            WHERE cluster_id = @cluster AND address = @address
            """);
        Add(command, "@iamalive_time", SuspectTimesCodec.Utc(entry.IAmAliveTime).Ticks);
        Add(command, "@address", entry.SiloAddress.ToParsableString());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    // The pre-cancellation-token members of the interface, which Orleans still declares abstract.
    Task IMembershipTable.InitializeMembershipTable(bool tryInitTableVersion) => InitializeMembershipTableAsync(tryInitTableVersion);

    Task IMembershipTable.DeleteMembershipTableEntries(string clusterId) => DeleteMembershipTableEntriesAsync(clusterId);

    Task IMembershipTable.CleanupDefunctSiloEntries(DateTimeOffset beforeDate) => CleanupDefunctSiloEntriesAsync(beforeDate);

    Task<MembershipTableData> IMembershipTable.ReadRow(SiloAddress key) => ReadRowAsync(key);

    Task<MembershipTableData> IMembershipTable.ReadAll() => ReadAllAsync();

    Task<bool> IMembershipTable.InsertRow(MembershipEntry entry, TableVersion tableVersion) => InsertRowAsync(entry, tableVersion);

    Task<bool> IMembershipTable.UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) => UpdateRowAsync(entry, etag, tableVersion);

    Task IMembershipTable.UpdateIAmAlive(MembershipEntry entry) => UpdateIAmAliveAsync(entry);

    /// <summary>Creates a command with the <c>@cluster</c> parameter already bound (to this table's cluster by default).</summary>
    protected DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, string? clusterId = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        Add(command, "@cluster", clusterId ?? ClusterId);
        return command;
    }

    private async Task<bool> WriteAsync(MembershipEntry entry, TableVersion tableVersion, string rowSql, string? expectedRowEtag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        await using (var bump = Command(connection, transaction, BumpVersion))
        {
            Add(bump, "@version", (long)tableVersion.Version);
            Add(bump, "@version_etag", NewEtag());
            Add(bump, "@expected_version_etag", tableVersion.VersionEtag ?? "");
            if (await bump.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return false;
            }
        }

        await using (var row = Command(connection, transaction, rowSql))
        {
            BindEntry(row, entry);
            if (expectedRowEtag is not null)
            {
                Add(row, "@expected_etag", expectedRowEtag);
            }

            if (await row.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                // The silo's row already exists (insert) or is missing or changed since it was read (update).
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return false;
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static void BindEntry(DbCommand command, MembershipEntry entry)
    {
        var start = SuspectTimesCodec.Utc(entry.StartTime).Ticks;
        var alive = SuspectTimesCodec.Utc(entry.IAmAliveTime).Ticks;
        var lastVote = SuspectTimesCodec.Latest(entry.SuspectTimes).Ticks;
        Add(command, "@address", entry.SiloAddress.ToParsableString());
        Add(command, "@etag", NewEtag());
        Add(command, "@status", (long)entry.Status);
        Add(command, "@suspect_times", SuspectTimesCodec.Encode(entry.SuspectTimes));
        Add(command, "@proxy_port", (long)entry.ProxyPort);
        Add(command, "@host_name", entry.HostName);
        Add(command, "@silo_name", entry.SiloName);
        Add(command, "@role_name", entry.RoleName);
        Add(command, "@update_zone", (long)entry.UpdateZone);
        Add(command, "@fault_zone", (long)entry.FaultZone);
        Add(command, "@start_time", start);
        Add(command, "@iamalive_time", alive);
        Add(command, "@last_seen", Math.Max(start, Math.Max(alive, lastVote)));
    }

    private static async Task<MembershipTableData> ReadAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        // Without a version row (the table was never initialized for this cluster, or was deleted) every
        // conditional write fails until a silo initializes it again.
        var version = new TableVersion(0, "");
        var rows = new List<Tuple<MembershipEntry, string>>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            version = new TableVersion(checked((int)reader.GetInt64(0)), reader.GetString(1));
            if (reader.IsDBNull(2))
            {
                continue;
            }

            var entry = new MembershipEntry
            {
                SiloAddress = SiloAddress.FromParsableString(reader.GetString(2)),
                Status = (SiloStatus)reader.GetInt64(4),
                SuspectTimes = SuspectTimesCodec.Decode(reader.GetString(5)),
                ProxyPort = checked((int)reader.GetInt64(6)),
                HostName = NullableString(reader, 7)!,
                SiloName = NullableString(reader, 8)!,
                RoleName = NullableString(reader, 9)!,
                UpdateZone = checked((int)reader.GetInt64(10)),
                FaultZone = checked((int)reader.GetInt64(11)),
                StartTime = new DateTime(reader.GetInt64(12), DateTimeKind.Utc),
                IAmAliveTime = new DateTime(reader.GetInt64(13), DateTimeKind.Utc),
            };
            rows.Add(Tuple.Create(entry, reader.GetString(3)));
        }

        return new MembershipTableData(rows, version);
    }

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static string NewEtag() => Guid.NewGuid().ToString("N");

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
