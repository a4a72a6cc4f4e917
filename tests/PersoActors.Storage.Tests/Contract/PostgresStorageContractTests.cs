using Npgsql;
using PersoActors.Tests.Shared;

namespace PersoActors.Storage.Tests.Contract;

[Collection(PostgresCollection.Name)]
public sealed class PostgresStorageContractTests(PostgresFixture postgres) : GroupCommitContract
{
    private PostgresGrainStorage Postgres => (PostgresGrainStorage)Storage;

    protected override GroupCommitStatistics Statistics => Postgres.GroupCommits;

    protected override Task<IJournaledGrainStorage> CreateStorageAsync() =>
        Task.FromResult<IJournaledGrainStorage>(new PostgresGrainStorage(postgres.ConnectionString));

    protected override Task HoldWritesAsync(Task released) => Postgres.HoldWritesAsync(released);

    protected override async Task PoisonAsync()
    {
        await ReadAsync(NewGrain()); // Creates the tables.
        await using var dataSource = NpgsqlDataSource.Create(postgres.ConnectionString);
        await using var command = dataSource.CreateCommand("""
            CREATE OR REPLACE FUNCTION persoactors_test_poison() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.grain_key LIKE 'poison%' THEN RAISE EXCEPTION 'poisoned by the test'; END IF;
                RETURN NEW;
            END $$;
            CREATE OR REPLACE TRIGGER persoactors_test_poison BEFORE INSERT ON persoactors_grain_state
                FOR EACH ROW EXECUTE FUNCTION persoactors_test_poison();
            """);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Racing_appenders_from_two_storages_with_one_etag_have_one_winner()
    {
        await using var second = new PostgresGrainStorage(postgres.ConnectionString);
        var grain = NewGrain();
        var etag = await WriteAsync(grain, "state", null);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
        {
            var state = new GrainState<Infrastructure.Box>(new()) { ETag = etag };
            try
            {
                await (i % 2 == 0 ? Storage : second).AppendAsync("s", grain, state, System.Text.Encoding.UTF8.GetBytes($"racer {i}"));
                return true;
            }
            catch (Orleans.Storage.InconsistentStateException)
            {
                return false;
            }
        }));

        Assert.Single(outcomes, won => won);
        Assert.Single((await ReadAsync(grain)).Journal);
    }

    [Fact]
    public async Task Clearing_removes_the_journal_rows()
    {
        var grain = NewGrain();
        var etag = await WriteAsync(grain, "state", null);
        etag = await AppendAsync(grain, "secret", etag);

        await ClearAsync(grain, etag);

        await using var dataSource = NpgsqlDataSource.Create(postgres.ConnectionString);
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM persoactors_grain_journal WHERE grain_key = $1");
        count.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grain.Key.ToString() });
        Assert.Equal(0L, await count.ExecuteScalarAsync());
    }
}
