using PersoActors.Storage.Membership;
using PersoActors.Storage.Reminders;
using PersoActors.Storage.Tests.Infrastructure;

namespace PersoActors.Storage.Tests.Sqlite;

/// <summary>A setting pointed at a file that is not a SQLite database (a backup archive, a log, a corrupted copy) is
/// refused by name before anything opens it, and the file is left as it was; a missing or empty file becomes a new
/// database.</summary>
public sealed class SqliteFileCheckTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    public static TheoryData<string> Tables => ["state", "reminders", "membership"];

    [Theory]
    [MemberData(nameof(Tables))]
    public void A_file_that_is_not_a_database_is_refused_by_name_and_left_untouched(string table)
    {
        var path = directory.File($"{table}.db");
        var bytes = "PK\u0003\u0004 not a database, but a zip someone restored here"u8.ToArray();
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidDataException>(() => Open(table, path));

        Assert.Contains(path, error.Message);
        Assert.Equal(bytes, File.ReadAllBytes(path));
        Assert.False(File.Exists(path + "-wal"));
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public async Task A_missing_or_empty_file_becomes_a_new_database(string table)
    {
        var empty = directory.File($"{table}-empty.db");
        File.WriteAllBytes(empty, []);

        foreach (var path in new[] { directory.File($"{table}-missing.db"), empty })
        {
            switch (Open(table, path))
            {
                case SqliteGrainStorage storage:
                    await storage.DisposeAsync();
                    break;
                case SqliteReminderTable reminders:
                    await reminders.Init();
                    break;
                case SqliteMembershipTable membership:
                    await membership.InitializeMembershipTableAsync(tryInitTableVersion: true);
                    break;
            }

            Assert.StartsWith("SQLite format 3", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(path), 0, 15));
        }
    }

    private static object Open(string table, string path) => table switch
    {
        "state" => new SqliteGrainStorage(path),
        "reminders" => new SqliteReminderTable("service", path),
        _ => new SqliteMembershipTable("cluster", new SqliteClusteringOptions { DatabasePath = path }),
    };
}
