using System.Text;
using Microsoft.Data.Sqlite;
using PersoActors.Storage.Tests.Infrastructure;
using PersoActors.Tests.Shared;

namespace PersoActors.Storage.Tests.Sqlite;

public sealed class SqliteDurabilityTests : IDisposable
{
    private static readonly GrainId Grain = GrainId.Create("customer", "durable");
    private readonly TempDirectory directory = new();

    [Fact]
    public async Task Acknowledged_writes_and_appends_survive_a_storage_abandoned_without_shutdown()
    {
        var path = directory.File("crash.db");
        var crashed = new SqliteGrainStorage(path);
        var state = new GrainState<Box>(new Box { Value = "state" });
        await crashed.WriteStateAsync("s", Grain, state);
        for (var i = 0; i < 20; i++)
        {
            await crashed.AppendAsync("s", Grain, state, Encoding.UTF8.GetBytes($"e{i}"));
        }

        // No DisposeAsync first: only what was acknowledged counts.
        await using var reopened = new SqliteGrainStorage(path);
        var read = new GrainState<Box>();
        var journal = await reopened.ReadStateAndJournalAsync("s", Grain, read);

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"e{i}"), journal.Select(e => Encoding.UTF8.GetString(e.Span)));
        Assert.Equal("state", read.State!.Value);
        Assert.Equal(state.ETag, read.ETag);
        await crashed.DisposeAsync();
    }

    [Fact]
    public async Task A_database_of_the_home_made_runtime_opens_with_its_records_and_etags_in_the_new_layout()
    {
        var path = directory.File("old.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // The schema and JSON the previous runtime wrote (snake_case enums, camelCase names).
            command.CommandText = """
                PRAGMA journal_mode = WAL;
                CREATE TABLE grain_state (grain_type TEXT NOT NULL, grain_key TEXT NOT NULL, state_name TEXT NOT NULL,
                    version INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (grain_type, grain_key, state_name)) WITHOUT ROWID;
                CREATE TABLE grain_journal (grain_type TEXT NOT NULL, grain_key TEXT NOT NULL, state_name TEXT NOT NULL,
                    seq INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (grain_type, grain_key, state_name, seq)) WITHOUT ROWID;
                INSERT INTO grain_state VALUES ('customer', 'durable', 'profile', 1700000000000000, CAST('{"value":"old","mood":"very_happy"}' AS BLOB));
                INSERT INTO grain_journal VALUES ('customer', 'durable', 'profile', 1, CAST('e1' AS BLOB));
                """;
            command.ExecuteNonQuery();
        }

        var storage = new SqliteGrainStorage(path);
        var read = new GrainState<Box>();
        var journal = await storage.ReadStateAndJournalAsync("profile", Grain, read);

        Assert.Equal("old", read.State!.Value);
        Assert.Equal(Mood.VeryHappy, read.State.Mood);
        Assert.Equal("1700000000000000.1", read.ETag);
        Assert.Equal(["e1"], journal.Select(e => Encoding.UTF8.GetString(e.Span)));

        read.State.Value = "new";
        await storage.WriteStateAsync("profile", Grain, read);
        Assert.Equal("1700000000000001", read.ETag);
        Assert.True(RawFiles.Contain(path, "\"mood\":\"very_happy\""));
        Assert.Equal(["grain_journal", "grain_state"], TablesWithRowid(path));
        await storage.DisposeAsync();

        await using var reopened = new SqliteGrainStorage(path);
        var again = new GrainState<Box>();
        await reopened.ReadStateAndJournalAsync("profile", Grain, again);
        Assert.Equal("new", again.State!.Value);
        Assert.Equal(read.ETag, again.ETag);
    }

    /// <summary>The tables of the file that are ordinary rowid tables (not WITHOUT ROWID).</summary>
    private static List<string> TablesWithRowid(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, sql FROM sqlite_schema WHERE type = 'table' ORDER BY name";
        using var reader = command.ExecuteReader();
        var tables = new List<string>();
        while (reader.Read())
        {
            if (!reader.GetString(1).Contains("WITHOUT ROWID", StringComparison.Ordinal))
            {
                tables.Add(reader.GetString(0));
            }
        }

        return tables;
    }

    public void Dispose() => directory.Dispose();
}
