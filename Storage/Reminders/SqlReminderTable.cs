using System.Data.Common;

namespace PersoActors.Storage.Reminders;

/// <summary>An Orleans reminder table in a SQL database; SQLite and PostgreSQL share this code (the SQL is portable;
/// opening connections and creating the schema differ).</summary>
/// <remarks>
/// <para>Schema (ours): one row per (service id, grain id, reminder name) with the grain's uniform hash, so a silo
/// reads the reminders of its slice of the ring with one range query. Several services can share one database.</para>
/// <para>Every upsert gives the row a fresh GUID etag; <see cref="RemoveRow(GrainId, string, string)"/> deletes only
/// when the etag still matches, so a grain that re-registered a reminder is not undone by a stale removal.
/// Times are stored as UTC ticks (exact round trip).</para>
/// </remarks>
public abstract class SqlReminderTable : IReminderTable
{
    /// <summary>The table and its range index, portable between SQLite and PostgreSQL.</summary>
    protected const string Schema = """
        CREATE TABLE IF NOT EXISTS persoactors_reminders (
            service_id   TEXT NOT NULL,
            grain_id     TEXT NOT NULL,
            name         TEXT NOT NULL,
            grain_hash   BIGINT NOT NULL,
            start_at     BIGINT NOT NULL,
            period_ticks BIGINT NOT NULL,
            etag         TEXT NOT NULL,
            PRIMARY KEY (service_id, grain_id, name));
        CREATE INDEX IF NOT EXISTS persoactors_reminders_by_hash ON persoactors_reminders (service_id, grain_hash);
        """;

    private const string SelectColumns = "SELECT grain_id, name, start_at, period_ticks, etag FROM persoactors_reminders WHERE service_id = @service";

    /// <summary>Creates the table of one service.</summary>
    /// <param name="serviceId">Orleans' service id (<c>ClusterOptions.ServiceId</c>): reminders survive cluster ids, not services.</param>
    protected SqlReminderTable(string serviceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        ServiceId = serviceId;
    }

    /// <summary>The service whose rows this table reads and writes.</summary>
    public string ServiceId { get; }

    /// <summary>Opens a connection ready for use.</summary>
    protected abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Creates <see cref="Schema"/> if it is missing, safely when several processes do it at once.</summary>
    protected abstract Task CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <inheritdoc />
    public async Task Init()
    {
        await using var connection = await OpenAsync(CancellationToken.None).ConfigureAwait(false);
        await CreateSchemaAsync(connection, CancellationToken.None).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ReminderTableData> ReadRows(GrainId grainId)
    {
        await using var connection = await OpenAsync(CancellationToken.None).ConfigureAwait(false);
        await using var command = Command(connection, SelectColumns + " AND grain_id = @grain");
        Add(command, "@grain", grainId.ToString());
        return new ReminderTableData(await ReadAsync(command).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async Task<ReminderTableData> ReadRows(uint begin, uint end)
    {
        await using var connection = await OpenAsync(CancellationToken.None).ConfigureAwait(false);
        // (begin, end] on the ring; when begin >= end the range wraps around zero.
        var range = begin < end ? "grain_hash > @begin AND grain_hash <= @end" : "(grain_hash > @begin OR grain_hash <= @end)";
        await using var command = Command(connection, $"{SelectColumns} AND {range}");
        Add(command, "@begin", (long)begin);
        Add(command, "@end", (long)end);
        return new ReminderTableData(await ReadAsync(command).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        await using var connection = await OpenAsync(CancellationToken.None).ConfigureAwait(false);
        await using var command = Command(connection, SelectColumns + " AND grain_id = @grain AND name = @name");
        Add(command, "@grain", grainId.ToString());
        Add(command, "@name", reminderName);
        return (await ReadAsync(command).ConfigureAwait(false)).FirstOrDefault();
    }

    /// <inheritdoc />
    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var etag = Guid.NewGuid().ToString("N");
        await using var connection = await OpenAsync(CancellationToken.None).ConfigureAwait(false);
        await using var command = Command(connection, """
            INSERT INTO persoactors_reminders (service_id, grain_id, name, grain_hash, start_at, period_ticks, etag)
            VALUES (@service, @grain, @name, @hash, @start, @period, @etag)
            ON CONFLICT (service_id, grain_id, name) DO UPDATE
            SET grain_hash = excluded.grain_hash, start_at = excluded.start_at, period_ticks = excluded.period_ticks, etag = excluded.etag
            """);
        Add(command, "@grain", entry.GrainId.ToString());
        Add(command, "@name", entry.ReminderName);
        Add(command, "@hash", (long)entry.GrainId.GetUniformHashCode());
        Add(command, "@start", DateTime.SpecifyKind(entry.StartAt, DateTimeKind.Utc).Ticks);
        Add(command, "@period", entry.Period.Ticks);
        Add(command, "@etag", etag);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        return etag;
    }

    /// <inheritdoc />
    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        await using var connection = await OpenAsync(CancellationToken.None).ConfigureAwait(false);
        await using var command = Command(connection, "DELETE FROM persoactors_reminders WHERE service_id = @service AND grain_id = @grain AND name = @name AND etag = @etag");
        Add(command, "@grain", grainId.ToString());
        Add(command, "@name", reminderName);
        Add(command, "@etag", eTag);
        return await command.ExecuteNonQueryAsync().ConfigureAwait(false) > 0;
    }

    /// <inheritdoc />
    public async Task TestOnlyClearTable()
    {
        await using var connection = await OpenAsync(CancellationToken.None).ConfigureAwait(false);
        await using var command = Command(connection, "DELETE FROM persoactors_reminders WHERE service_id = @service");
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private DbCommand Command(DbConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        Add(command, "@service", ServiceId);
        return command;
    }

    private static async Task<List<ReminderEntry>> ReadAsync(DbCommand command)
    {
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        var rows = new List<ReminderEntry>();
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            rows.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0)),
                ReminderName = reader.GetString(1),
                StartAt = new DateTime(reader.GetInt64(2), DateTimeKind.Utc),
                Period = TimeSpan.FromTicks(reader.GetInt64(3)),
                ETag = reader.GetString(4),
            });
        }

        return rows;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
