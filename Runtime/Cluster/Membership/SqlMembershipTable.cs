using System.Data.Common;
using System.Text.Json;

namespace PersoActors.Runtime.Cluster.Membership;

/// <summary>The membership table in a SQL database (SQLite or PostgreSQL share this code: the SQL
/// is portable; only opening connections and creating the schema differ). Every membership change
/// is one transaction that first bumps the version with <c>WHERE version = expected</c>: the loser
/// of a race updates zero rows and rolls back.</summary>
public abstract class SqlMembershipTable(string clusterId) : IMembershipTable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected string ClusterId { get; } = clusterId;

    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Creates both tables and the version row of this cluster, idempotently.</summary>
    protected abstract Task CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken);

    protected const string PortableSchema = """
        CREATE TABLE IF NOT EXISTS persoactors_membership_version (
            cluster_id TEXT NOT NULL PRIMARY KEY,
            version    BIGINT NOT NULL);
        CREATE TABLE IF NOT EXISTS persoactors_membership (
            cluster_id    TEXT NOT NULL,
            address       TEXT NOT NULL,
            status        INTEGER NOT NULL,
            start_time    BIGINT NOT NULL,
            iamalive_time BIGINT NOT NULL,
            suspicions    TEXT NOT NULL,
            activations   BIGINT NOT NULL DEFAULT 0,
            calls_per_second DOUBLE PRECISION NOT NULL DEFAULT 0,
            PRIMARY KEY (cluster_id, address));
        """;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await CreateSchemaAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, "INSERT INTO persoactors_membership_version (cluster_id, version) VALUES (@c, 0) ON CONFLICT DO NOTHING");
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<MembershipSnapshot> ReadAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        // One statement, so version and rows come from one consistent snapshot.
        await using var command = Command(connection, """
            SELECT v.version, m.address, m.status, m.start_time, m.iamalive_time, m.suspicions, m.activations, m.calls_per_second
            FROM persoactors_membership_version v
            LEFT JOIN persoactors_membership m ON m.cluster_id = v.cluster_id
            WHERE v.cluster_id = @c
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        long version = 0;
        var entries = new List<MembershipEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            version = Convert.ToInt64(reader.GetValue(0));
            if (reader.IsDBNull(1))
            {
                continue;
            }

            entries.Add(new MembershipEntry(
                SiloAddress.Parse(reader.GetString(1)),
                (SiloStatus)Convert.ToInt32(reader.GetValue(2)),
                DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(reader.GetValue(3))),
                DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(reader.GetValue(4))),
                JsonSerializer.Deserialize<List<Suspicion>>(reader.GetString(5), Json) ?? [],
                new SiloLoad((int)Convert.ToInt64(reader.GetValue(6)), Convert.ToDouble(reader.GetValue(7)))));
        }

        return new MembershipSnapshot(version, entries);
    }

    public async Task<bool> TryWriteAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var bump = Command(connection, "UPDATE persoactors_membership_version SET version = version + 1 WHERE cluster_id = @c AND version = @v"))
        {
            bump.Transaction = transaction;
            Add(bump, "@v", expectedVersion);
            if (await bump.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return false;
            }
        }

        await using (var upsert = Command(connection, """
            INSERT INTO persoactors_membership (cluster_id, address, status, start_time, iamalive_time, suspicions)
            VALUES (@c, @a, @s, @st, @t, @j)
            ON CONFLICT (cluster_id, address) DO UPDATE SET
                status = excluded.status, start_time = excluded.start_time,
                iamalive_time = excluded.iamalive_time, suspicions = excluded.suspicions
            """))
        {
            upsert.Transaction = transaction;
            Add(upsert, "@a", entry.Silo.ToString());
            Add(upsert, "@s", (int)entry.Status);
            Add(upsert, "@st", entry.StartTime.ToUnixTimeMilliseconds());
            Add(upsert, "@t", entry.IAmAliveTime.ToUnixTimeMilliseconds());
            Add(upsert, "@j", JsonSerializer.Serialize(entry.Suspicions, Json));
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task HeartbeatAsync(SiloAddress silo, DateTimeOffset time, SiloLoad load, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, """
            UPDATE persoactors_membership SET iamalive_time = @t, activations = @n, calls_per_second = @r
            WHERE cluster_id = @c AND address = @a
            """);
        Add(command, "@t", time.ToUnixTimeMilliseconds());
        Add(command, "@n", (long)load.Activations);
        Add(command, "@r", load.CallsPerSecond);
        Add(command, "@a", silo.ToString());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task CleanupDeadAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, "DELETE FROM persoactors_membership WHERE cluster_id = @c AND status = @s AND iamalive_time < @t");
        Add(command, "@s", (int)SiloStatus.Dead);
        Add(command, "@t", olderThan.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    protected DbCommand Command(DbConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        Add(command, "@c", ClusterId);
        return command;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
