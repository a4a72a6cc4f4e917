using PersoActors.Storage.Tests.Grains;
using Xunit.Abstractions;

namespace PersoActors.Storage.Tests.Cluster;

/// <summary>The providers and the facet wired into real Orleans activations (two silos, one SQLite file).</summary>
public sealed class GrainStateTests(SqliteClusterFixture fixture, ITestOutputHelper output) : IClassFixture<SqliteClusterFixture>
{
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(60);

    private IGrainFactory Grains => fixture.Silos.Grains;

    [Fact]
    public async Task The_state_and_its_journal_are_read_before_OnActivateAsync_and_survive_deactivation()
    {
        var grain = Grains.GetGrain<IJournalGrain>(Guid.NewGuid().ToString("N"));
        var first = await grain.GetActivationViewAsync();
        Assert.False(first.RecordExisted);
        Assert.Null(first.Value);
        Assert.Empty(first.Journal);

        await grain.SetAsync("snapshot");
        await grain.AppendAsync("e1");
        await grain.AppendAsync("e2");
        await grain.DeactivateAsync();

        var second = await grain.GetActivationViewAsync().WaitAsync(Safety);
        Assert.NotEqual(first.Activation, second.Activation);
        Assert.True(second.RecordExisted);
        Assert.Equal("snapshot", second.Value);
        Assert.Equal(["e1", "e2"], second.Journal);

        // A new snapshot folds the journal away.
        await grain.SetAsync("folded");
        await grain.DeactivateAsync();
        var third = await grain.GetActivationViewAsync().WaitAsync(Safety);
        Assert.NotEqual(second.Activation, third.Activation);
        Assert.Equal("folded", third.Value);
        Assert.Empty(third.Journal);
    }

    [Fact]
    public async Task An_erased_grain_activates_empty()
    {
        var grain = Grains.GetGrain<IJournalGrain>(Guid.NewGuid().ToString("N"));
        await grain.SetAsync("personal data");
        await grain.AppendAsync("behaviour");
        await grain.EraseAsync();
        await grain.DeactivateAsync();

        var view = await grain.GetActivationViewAsync().WaitAsync(Safety);
        Assert.False(view.RecordExisted);
        Assert.Null(view.Value);
        Assert.Empty(view.Journal);
    }

    [Fact]
    public async Task Plain_persistent_state_grains_work_on_the_sqlite_provider()
    {
        var grain = Grains.GetGrain<ICounterGrain>(Guid.NewGuid().ToString("N"));
        Assert.Equal(1, await grain.IncrementAsync());
        Assert.Equal(2, await grain.IncrementAsync());
        await grain.DeactivateAsync();

        Assert.Equal(2, await grain.GetAsync().WaitAsync(Safety));
        Assert.Equal(3, await grain.IncrementAsync());
    }

    [Fact]
    public async Task Concurrent_grains_share_commits()
    {
        const int Grains = 500;
        var before = Sum(fixture.Silos.Storages.Select(s => s.GroupCommits));

        await Task.WhenAll(Enumerable.Range(0, Grains).Select(i =>
            this.Grains.GetGrain<IJournalGrain>($"commit-{Guid.NewGuid():N}").SetAsync($"v{i}"))).WaitAsync(Safety);

        var after = Sum(fixture.Silos.Storages.Select(s => s.GroupCommits));
        var commits = after.Commits - before.Commits;
        output.WriteLine($"{commits} commits carried {after.Operations - before.Operations} operations");
        Assert.True(after.Operations - before.Operations >= Grains);
        Assert.True(commits * 2 <= Grains, $"{commits} commits for {Grains} grain writes");
    }

    private static GroupCommitStatistics Sum(IEnumerable<GroupCommitStatistics> statistics) =>
        statistics.Aggregate(new GroupCommitStatistics(0, 0), (a, b) => new(a.Commits + b.Commits, a.Operations + b.Operations));
}
