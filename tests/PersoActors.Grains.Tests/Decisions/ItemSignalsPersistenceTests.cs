using Microsoft.Data.Sqlite;
using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Decisions;
using PersoActors.Grains.Tests.Infrastructure;

namespace PersoActors.Grains.Tests.Decisions;

/// <summary>Item-signals shards write what was merged into them once per <see cref="DecisionOptions.SignalsPersistInterval"/>
/// (and on deactivation, see <see cref="SiloDecisionTests.The_catalog_and_item_signals_survive_a_silo_restart"/>), not at
/// every merge: a crash loses at most that interval of aggregate signals.</summary>
public sealed class ItemSignalsPersistenceTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task Merged_signals_are_written_once_the_persist_interval_has_passed()
    {
        using var temp = new TempDirectory();
        var path = temp.File("state.db");
        await using var silo = await TestSilo.StartAsync(path, o => o.SignalsPersistInterval = TimeSpan.FromMilliseconds(200));

        RecordViews(silo, "item-1", 5);
        await silo.Aggregator.FlushAsync();
        var version = await Shard(silo, "item-1").GetVersionAsync();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (StoredShards(path) == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(1, version);
        Assert.Equal(1, StoredShards(path));
    }

    [Fact]
    public async Task A_crash_within_the_interval_loses_the_merged_signals_and_nothing_else()
    {
        using var temp = new TempDirectory();
        var path = temp.File("state.db");
        Action<DecisionOptions> hourly = o => o.SignalsPersistInterval = TimeSpan.FromHours(1);
        var crashed = await TestSilo.StartAsync(path, hourly);
        await crashed.Grains.GetGrain<ICatalogGrain>("default").UpsertItemsAsync([new CatalogItem("item-1", "Item 1", ["cat"], "Acme", Price: 1)]);
        RecordViews(crashed, "item-1", 5);
        await crashed.Aggregator.FlushAsync();
        Assert.Equal(1, await Shard(crashed, "item-1").GetVersionAsync());

        await crashed.AbandonAsync();
        await using var restarted = await TestSilo.StartAsync(path, hourly);

        Assert.Equal(0, await Shard(restarted, "item-1").GetVersionAsync());
        Assert.Single((await restarted.WhenSnapshotAsync(s => s.Catalog.Items.Length == 1)).Catalog.Items);
    }

    private static void RecordViews(TestSilo silo, string itemId, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.True(silo.Aggregator.TryRecord(new ItemInteraction(itemId, InteractionKind.View, Now)));
        }
    }

    private static IItemSignalsGrain Shard(TestSilo silo, string itemId) =>
        silo.Grains.GetGrain<IItemSignalsGrain>(ItemShards.Key("default", ItemShards.Of(itemId)));

    private static long StoredShards(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM grain_state WHERE grain_type = 'item-signals'";
        return (long)command.ExecuteScalar()!;
    }
}
