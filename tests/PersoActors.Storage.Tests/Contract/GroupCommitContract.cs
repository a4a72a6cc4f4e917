namespace PersoActors.Storage.Tests.Contract;

/// <summary>The contract of the group-committing stores (SQLite, PostgreSQL): batches commit or fail as a whole,
/// and concurrent writers share commits.</summary>
public abstract class GroupCommitContract : StorageContract
{
    protected abstract GroupCommitStatistics Statistics { get; }

    /// <summary>Parks the writer until <paramref name="released"/> completes; completes once it is parked.</summary>
    protected abstract Task HoldWritesAsync(Task released);

    /// <summary>Makes the store itself fail any transaction that writes a grain whose key starts with "poison".</summary>
    protected abstract Task PoisonAsync();

    [Fact]
    public async Task A_batch_whose_transaction_fails_is_stored_not_at_all()
    {
        await PoisonAsync();
        var existing = NewGrain();
        var etag = await WriteAsync(existing, "before", null);
        var fresh = NewGrain();
        var poisoned = GrainId.Create("register", "poison-" + Guid.NewGuid().ToString("N"));

        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await HoldWritesAsync(release.Task).WaitAsync(TimeSpan.FromSeconds(30));
        var writes = new[]
        {
            WriteAsync(fresh, "fresh", null),
            AppendAsync(existing, "appended", etag),
            WriteAsync(poisoned, "poison", null),
            WriteAsync(existing, "overwritten", etag),
        };
        release.SetResult();

        foreach (var write in writes)
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => write.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.IsNotType<Orleans.Storage.InconsistentStateException>(error);
        }

        Assert.False((await ReadAsync(fresh)).State.RecordExists);
        Assert.False((await ReadAsync(poisoned)).State.RecordExists);
        var (state, journal) = await ReadAsync(existing);
        Assert.Equal("before", state.State.Value);
        Assert.Empty(journal);
        Assert.Equal(etag, state.ETag);

        // The store goes on: the next batch commits.
        Assert.NotEqual(etag, await WriteAsync(existing, "after", etag));
    }

    [Fact]
    public async Task A_relaxed_append_in_a_batch_that_fails_is_never_stored()
    {
        await PoisonAsync();
        var existing = NewGrain();
        var state = new GrainState<Infrastructure.Box>(new()) { ETag = await WriteAsync(existing, "before", null), RecordExists = true };
        var poisoned = GrainId.Create("register", "poison-" + Guid.NewGuid().ToString("N"));

        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await HoldWritesAsync(release.Task).WaitAsync(TimeSpan.FromSeconds(30));
        var append = Storage.AppendAsync("s", existing, state, "relaxed"u8.ToArray(), WriteDurability.Relaxed);
        var poison = WriteAsync(poisoned, "poison", null);
        release.SetResult();

        // Acknowledged early and then reported lost (SQLite), or refused outright (PostgreSQL serves it durably).
        await Assert.ThrowsAnyAsync<Exception>(async () => await (await append.WaitAsync(TimeSpan.FromSeconds(30))).WaitAsync(TimeSpan.FromSeconds(30)));
        await Assert.ThrowsAnyAsync<Exception>(() => poison.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Empty((await ReadAsync(existing)).Journal);
    }

    [Fact]
    public async Task Writes_queued_behind_a_commit_share_the_next_one()
    {
        var grains = Enumerable.Range(0, 100).Select(_ => NewGrain()).ToArray();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await HoldWritesAsync(release.Task).WaitAsync(TimeSpan.FromSeconds(30));
        var before = Statistics;

        var writes = grains.Select(g => WriteAsync(g, "v", null)).ToArray();
        release.SetResult();
        await Task.WhenAll(writes).WaitAsync(TimeSpan.FromSeconds(60));

        var after = Statistics;
        Assert.Equal(1, after.Commits - before.Commits);
        Assert.Equal(grains.Length, after.Operations - before.Operations);
    }

    [Fact]
    public async Task Many_concurrent_writers_produce_far_fewer_commits_than_writes()
    {
        const int Writers = 1000;
        var before = Statistics;

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => WriteAsync(NewGrain(), "v", null))).WaitAsync(TimeSpan.FromSeconds(120));

        var after = Statistics;
        Assert.Equal(Writers, after.Operations - before.Operations);
        Assert.True(after.Commits - before.Commits <= Writers / 5, $"{after.Commits - before.Commits} commits for {Writers} writes");
    }
}
