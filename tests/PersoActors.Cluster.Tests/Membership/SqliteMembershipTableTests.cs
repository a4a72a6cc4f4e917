using System.Net;
using Microsoft.Data.Sqlite;
using PersoActors.Storage.Membership;

namespace PersoActors.Cluster.Tests.Membership;

public sealed class SqliteMembershipTableTests : MembershipTableContract, IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("persoactors-membership-").FullName;

    private string DatabasePath => Path.Combine(directory, "cluster.db");

    protected override async Task<SqlMembershipTable> CreateTableAsync(string clusterId)
    {
        var table = new SqliteMembershipTable(clusterId, new SqliteClusteringOptions { DatabasePath = DatabasePath });
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true);
        return table;
    }

    [Fact]
    public async Task The_file_and_its_directories_are_created_in_wal_mode_at_an_absolute_path()
    {
        var path = Path.Combine(directory, "not", "yet", "there.db");
        var table = new SqliteMembershipTable(NewClusterId(), new SqliteClusteringOptions { DatabasePath = path });
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true);

        Assert.Equal(path, table.DatabasePath);
        await using var connection = await OpenRawAsync(path);
        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode;"));
    }

    [Fact]
    public async Task A_writer_waits_for_another_connections_write_lock_while_readers_go_on()
    {
        var table = await CreateTableAsync(NewClusterId());
        var read = await table.ReadAllAsync();
        // Another connection holds the file's write lock, as another silo process inside its transaction would.
        await using var other = await OpenRawAsync(DatabasePath);
        await using (var begin = other.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            await begin.ExecuteNonQueryAsync();
        }

        var insert = Task.Run(() => table.InsertRowAsync(Entry(), read.Version.Next()));
        Assert.Empty((await table.ReadAllAsync()).Members);
        Assert.False(insert.IsCompleted);

        await using (var commit = other.CreateCommand())
        {
            commit.CommandText = "COMMIT;";
            await commit.ExecuteNonQueryAsync();
        }

        Assert.True(await insert.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Single((await table.ReadAllAsync()).Members);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    private static MembershipEntry Entry() => new()
    {
        SiloAddress = SiloAddress.New(IPAddress.Loopback, 11_111, 1),
        Status = SiloStatus.Joining,
        StartTime = DateTime.UtcNow,
        IAmAliveTime = DateTime.UtcNow,
    };

    private static async Task<SqliteConnection> OpenRawAsync(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
