using Microsoft.Data.Sqlite;

namespace PersoActors.Grains.Tests.Infrastructure;

/// <summary>A customer's rows in a SQLite state file, read straight from the file (not through the storage).</summary>
internal static class StoredProfileRows
{
    /// <summary>Journal entries appended since the customer's last snapshot.</summary>
    public static Task<long> JournalLengthAsync(string databasePath, string customerId) => CountAsync(databasePath, "grain_journal", customerId);

    /// <summary>The customer's stored state record (its JSON), or null when there is none.</summary>
    public static async Task<string?> StateAsync(string databasePath, string customerId)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM grain_state WHERE grain_type = 'customer' AND grain_key = $key AND state_name = 'profile'";
        command.Parameters.AddWithValue("$key", customerId);
        return await command.ExecuteScalarAsync() is byte[] data ? System.Text.Encoding.UTF8.GetString(data) : null;
    }

    /// <summary>Rows of the customer's profile in <paramref name="table"/> (<c>grain_state</c> or <c>grain_journal</c>).</summary>
    public static async Task<long> CountAsync(string databasePath, string table, string customerId)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table} WHERE grain_type = 'customer' AND grain_key = $key AND state_name = 'profile'";
        command.Parameters.AddWithValue("$key", customerId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
