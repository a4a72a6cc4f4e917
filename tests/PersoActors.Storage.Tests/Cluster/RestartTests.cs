using PersoActors.Storage.Tests.Grains;
using PersoActors.Storage.Tests.Infrastructure;

namespace PersoActors.Storage.Tests.Cluster;

public sealed class RestartTests
{
    [Fact]
    public async Task A_new_cluster_on_the_same_sqlite_file_reads_the_state_and_journal_of_the_old_one()
    {
        using var directory = new TempDirectory();
        var path = directory.File("restart.db");
        var key = Guid.NewGuid().ToString("N");

        await using (var before = await SqliteCluster.StartAsync(path, silos: 1))
        {
            var grain = before.Grains.GetGrain<IJournalGrain>(key);
            await grain.SetAsync("acknowledged");
            await grain.AppendAsync("after the snapshot");
            Assert.Equal(1, await before.Grains.GetGrain<ICounterGrain>(key).IncrementAsync());
        }

        await using var after = await SqliteCluster.StartAsync(path, silos: 1);
        var view = await after.Grains.GetGrain<IJournalGrain>(key).GetActivationViewAsync();
        Assert.Equal("acknowledged", view.Value);
        Assert.Equal(["after the snapshot"], view.Journal);
        Assert.Equal(1, await after.Grains.GetGrain<ICounterGrain>(key).GetAsync());
    }
}
