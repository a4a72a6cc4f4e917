using Microsoft.Data.Sqlite;
using PersoActors.Storage.Membership;

namespace PersoActors.Cluster.Tests.Membership;

public sealed class SqliteMembershipTableTests : MembershipTableContract, IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("persoactors-membership-").FullName;

    protected override async Task<SqlMembershipTable> CreateTableAsync(string clusterId)
    {
        var table = new SqliteMembershipTable(clusterId, new SqliteClusteringOptions { DatabasePath = Path.Combine(directory, "cluster.db") });
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true);
        return table;
    }

    [Fact]
    public async Task The_file_is_in_wal_mode_and_the_path_is_absolute()
    {
        var table = await CreateTableAsync(NewClusterId());
        Assert.True(Path.IsPathFullyQualified(((SqliteMembershipTable)table).DatabasePath));
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(directory, "cluster.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
