using Microsoft.Data.Sqlite;
using PersoActors.Storage.Tests.Infrastructure;

namespace PersoActors.Storage.Tests.Contract;

public sealed class SqliteStorageContractTests : GroupCommitContract
{
    private readonly TempDirectory directory = new();

    private SqliteGrainStorage Sqlite => (SqliteGrainStorage)Storage;

    protected override GroupCommitStatistics Statistics => Sqlite.GroupCommits;

    protected override Task<IJournaledGrainStorage> CreateStorageAsync() =>
        Task.FromResult<IJournaledGrainStorage>(new SqliteGrainStorage(directory.File("contract.db")));

    protected override Task HoldWritesAsync(Task released) => Sqlite.HoldWritesAsync(released);

    protected override Task PoisonAsync()
    {
        using var connection = new SqliteConnection($"Data Source={Sqlite.Path};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TRIGGER poison BEFORE INSERT ON grain_state WHEN NEW.grain_key LIKE 'poison%'
            BEGIN SELECT RAISE(ABORT, 'poisoned by the test'); END;
            """;
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        directory.Dispose();
    }
}
