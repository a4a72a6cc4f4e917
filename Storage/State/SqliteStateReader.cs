using Microsoft.Data.Sqlite;

namespace PersoActors.Storage;

/// <summary>An open read connection with its statements prepared once: a cold activation costs two indexed lookups,
/// not a connection setup and two statement compilations. <see cref="SqliteGrainStorage"/> pools a few.</summary>
internal sealed class SqliteStateReader : IDisposable
{
    private readonly SqliteConnection connection;
    private readonly SqliteCommand state;
    private readonly SqliteCommand journal;

    public SqliteStateReader(string connectionString)
    {
        connection = new SqliteConnection(connectionString);
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA busy_timeout = 10000;";
            pragma.ExecuteNonQuery();
        }

        state = SqliteStatements.Prepare(connection, null, $"SELECT version, data FROM grain_state WHERE {SqliteStatements.Key}");
        journal = SqliteStatements.Prepare(connection, null, $"SELECT seq, data FROM grain_journal WHERE {SqliteStatements.Key} ORDER BY seq");
    }

    public StoredRecord? Read(RecordKey key)
    {
        // One read transaction: the state and its journal as of the same commit.
        using var transaction = connection.BeginTransaction(deferred: true);
        long version;
        byte[] data;
        using (var reader = Execute(state, transaction, key))
        {
            if (!reader.Read())
            {
                return null;
            }

            version = reader.GetInt64(0);
            data = (byte[])reader.GetValue(1);
        }

        var entries = new List<ReadOnlyMemory<byte>>();
        var last = 0L;
        using (var reader = Execute(journal, transaction, key))
        {
            while (reader.Read())
            {
                last = reader.GetInt64(0);
                entries.Add((byte[])reader.GetValue(1));
            }
        }

        return new StoredRecord(data, new StateVersion(version, last).ToString(), entries);
    }

    public void Dispose()
    {
        state.Dispose();
        journal.Dispose();
        connection.Dispose();
    }

    private static SqliteDataReader Execute(SqliteCommand command, SqliteTransaction transaction, RecordKey key)
    {
        command.Transaction = transaction;
        SqliteStatements.Bind(command, key);
        return command.ExecuteReader();
    }
}
