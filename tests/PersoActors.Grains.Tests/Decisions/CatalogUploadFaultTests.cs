using Microsoft.Data.Sqlite;
using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Tests.Decisions;

/// <summary>A catalog upload spans many shard records and the catalog's own; when one of those writes fails while the
/// others are stored, the upload is all or nothing — before and after a restart — and a retry applies it whole.</summary>
public sealed class CatalogUploadFaultTests
{
    private static readonly string[] Existing = [.. Enumerable.Range(0, 40).Select(i => $"item-{i}")];

    [Fact]
    public async Task An_upload_one_shard_fails_to_store_changes_nothing_and_a_retry_applies_it_whole()
    {
        using var temp = new TempDirectory();
        var database = temp.File("state.db");
        var added = Enumerable.Range(0, 20).Select(i => Item($"new-{i}", "v2")).ToArray();
        var upload = added.Concat(Existing.Take(10).Select(id => Item(id, "v2"))).ToArray();
        Assert.True(upload.Select(i => ItemShards.Of(i.Id)).Distinct().Count() > 4, "the upload must span several shards");
        Dictionary<string, string> before;
        await using (var silo = await TestSilo.StartAsync(database))
        {
            var catalog = silo.Grains.GetGrain<ICatalogGrain>("default");
            await catalog.UpsertItemsAsync([.. Existing.Select(id => Item(id, "v1"))]);
            before = await TitlesAsync(catalog);

            using (Refuse(database, "catalog-shard", $"default/{ItemShards.Of(added[0].Id)}"))
            {
                await Assert.ThrowsAnyAsync<Exception>(() => catalog.UpsertItemsAsync(upload));
            }

            Assert.Equal(1, await catalog.GetVersionAsync());
            Assert.Equal(before, await TitlesAsync(catalog));
        }

        await using (var restarted = await TestSilo.StartAsync(database))
        {
            var catalog = restarted.Grains.GetGrain<ICatalogGrain>("default");
            Assert.Equal(before, await TitlesAsync(catalog)); // the shards that did store their part do not show it

            var retried = await catalog.UpsertItemsAsync(upload);

            Assert.Equal(new CatalogUploadResult(2, 30, 60), retried);
        }

        await using var again = await TestSilo.StartAsync(database);
        var titles = await TitlesAsync(again.Grains.GetGrain<ICatalogGrain>("default"));
        Assert.Equal(60, titles.Count);
        Assert.All(upload, item => Assert.Equal("v2", titles[item.Id]));
        Assert.All(Existing.Skip(10), id => Assert.Equal("v1", titles[id]));
    }

    [Fact]
    public async Task An_upload_whose_commit_fails_leaves_nothing_that_a_later_upload_to_the_same_shards_would_publish()
    {
        using var temp = new TempDirectory();
        var database = temp.File("state.db");
        var failed = Enumerable.Range(0, 30).Select(i => Item($"lost-{i}", "v2")).ToArray();
        await using (var silo = await TestSilo.StartAsync(database))
        {
            var catalog = silo.Grains.GetGrain<ICatalogGrain>("default");
            await catalog.UpsertItemsAsync([.. Existing.Select(id => Item(id, "v1"))]);

            using (Refuse(database, "catalog", "default"))
            {
                await Assert.ThrowsAnyAsync<Exception>(() => catalog.UpsertItemsAsync(failed));
                await Assert.ThrowsAnyAsync<Exception>(() => catalog.RemoveItemsAsync(Existing));
            }

            Assert.Equal(1, await catalog.GetVersionAsync());
            Assert.Equal(Existing.Order(), (await TitlesAsync(catalog)).Keys.Order());

            // A later upload touching a few of those shards, and a removal: only what they name changes.
            var later = await catalog.UpsertItemsAsync([Item("kept", "v3")]);
            var removed = await catalog.RemoveItemsAsync(["item-0", "item-1", "unknown"]);

            Assert.Equal(new CatalogUploadResult(2, 1, 41), later);
            Assert.Equal(new CatalogUploadResult(3, 2, 39), removed);
        }

        await using var restarted = await TestSilo.StartAsync(database);
        var catalogAfter = restarted.Grains.GetGrain<ICatalogGrain>("default");
        var titles = await TitlesAsync(catalogAfter);
        Assert.Equal(3, await catalogAfter.GetVersionAsync());
        Assert.Equal(Existing.Skip(2).Append("kept").Order(), titles.Keys.Order());
        Assert.Equal("v3", titles["kept"]);
    }

    private static CatalogItem Item(string id, string title) => new(id, title, ["shoes"], "Acme", Price: 10);

    private static async Task<Dictionary<string, string>> TitlesAsync(ICatalogGrain catalog) =>
        (await catalog.GetContentsAsync()).Items.ToDictionary(i => i.Id, i => i.Title, StringComparer.Ordinal);

    /// <summary>Makes SQLite skip every write of one grain's record until disposed: the storage reports a conflict for that
    /// record alone (a trigger that aborts would fail every write grouped into the same transaction with it).</summary>
    private static IDisposable Refuse(string database, string grainType, string grainKey)
    {
        Execute(database, $"""
            CREATE TRIGGER refuse_insert BEFORE INSERT ON grain_state WHEN NEW.grain_type = '{grainType}' AND NEW.grain_key = '{grainKey}'
            BEGIN SELECT RAISE(IGNORE); END;
            CREATE TRIGGER refuse_update BEFORE UPDATE ON grain_state WHEN NEW.grain_type = '{grainType}' AND NEW.grain_key = '{grainKey}'
            BEGIN SELECT RAISE(IGNORE); END;
            """);
        return new Undo(() => Execute(database, "DROP TRIGGER refuse_insert; DROP TRIGGER refuse_update;"));
    }

    private static void Execute(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private sealed class Undo(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }
}
