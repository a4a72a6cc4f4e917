using Microsoft.Data.Sqlite;

namespace PersoActors.Gateway.Tests.Infrastructure;

/// <summary>Looks at the gateway's SQLite files directly, the way a forensic reader would.</summary>
public static class StoreFiles
{
    /// <summary>The stored state rows of one customer (grain type "customer"), read through SQLite.</summary>
    public static List<string> CustomerRows(string databasePath, string customerId)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT CAST(data AS TEXT) FROM grain_state WHERE grain_type = 'customer' AND grain_key = $k";
        command.Parameters.AddWithValue("$k", customerId);
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
