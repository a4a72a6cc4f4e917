using System.Diagnostics;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using PersoActors.Storage.Hosting;
using PersoActors.Storage.Tests.Infrastructure;
using PersoActors.Tests.Shared;

namespace PersoActors.Storage.Tests.Sqlite;

/// <summary>Relaxed journal appends (acknowledged once queued) against a real SQLite file: what is acknowledged reaches
/// the file, the count and age bounds make further appends wait for their commit instead of growing the loss window,
/// an erasure is never overtaken, and nothing is applied past a relaxed append that failed. The writer is parked with
/// <see cref="GroupCommittedGrainStorage.HoldWritesAsync"/> to observe "acknowledged but not yet in the file".</summary>
public sealed class SqliteRelaxedDurabilityTests : IDisposable
{
    private static readonly GrainId Grain = GrainId.Create("customer", "relaxed");
    private readonly TempDirectory directory = new();

    [Fact]
    public async Task A_durable_append_is_in_the_file_when_acknowledged()
    {
        var path = directory.File("durable.db");
        await using var storage = new SqliteGrainStorage(path);
        var state = await CreatedAsync(storage);

        var durable = await storage.AppendAsync("s", Grain, state, "e1"u8.ToArray(), WriteDurability.Durable);

        Assert.True(durable.IsCompletedSuccessfully);
        Assert.Equal(["e1"], JournalInFile(path));
    }

    [Fact]
    public async Task A_relaxed_append_is_acknowledged_before_its_commit_and_reaches_the_file_after()
    {
        var path = directory.File("relaxed.db");
        await using var storage = new SqliteGrainStorage(path);
        var state = await CreatedAsync(storage);
        var release = new TaskCompletionSource();
        await storage.HoldWritesAsync(release.Task);

        var append = storage.AppendAsync("s", Grain, state, "e1"u8.ToArray(), WriteDurability.Relaxed);

        Assert.True(append.IsCompletedSuccessfully, "a relaxed append is acknowledged while the writer is parked");
        Assert.Empty(JournalInFile(path));
        release.SetResult();
        await (await append).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(["e1"], JournalInFile(path));
        Assert.Equal(state.ETag, (await ReadAsync(storage)).ETag);
        Assert.Equal(1, storage.GroupCommits.RelaxedAcknowledged);
    }

    [Fact]
    public async Task Beyond_the_pending_count_a_relaxed_append_waits_for_its_commit_and_nothing_is_dropped()
    {
        var path = directory.File("count.db");
        await using var storage = new SqliteGrainStorage(path);
        storage.LimitRelaxedWrites(new DurabilityOptions { RelaxedMaxPending = 3 });
        var state = await CreatedAsync(storage);
        var release = new TaskCompletionSource();
        await storage.HoldWritesAsync(release.Task);

        var acknowledged = new List<Task<Task>>();
        for (var i = 0; i < 3; i++)
        {
            acknowledged.Add(storage.AppendAsync("s", Grain, state, Encoding.UTF8.GetBytes($"e{i}"), WriteDurability.Relaxed));
        }

        var fourth = storage.AppendAsync("s", Grain, state, "e3"u8.ToArray(), WriteDurability.Relaxed);

        Assert.All(acknowledged, a => Assert.True(a.IsCompletedSuccessfully));
        Assert.False(fourth.IsCompleted, "the fourth pending append must wait for the writer");
        release.SetResult();
        await (await fourth.WaitAsync(TimeSpan.FromSeconds(30))).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(["e0", "e1", "e2", "e3"], JournalInFile(path));
        Assert.Equal((3, 1), (storage.GroupCommits.RelaxedAcknowledged, storage.GroupCommits.RelaxedFellBack));
    }

    [Fact]
    public async Task Once_the_oldest_pending_append_is_older_than_the_flush_interval_further_ones_wait_for_their_commit()
    {
        var path = directory.File("age.db");
        var interval = TimeSpan.FromMilliseconds(20);
        await using var storage = new SqliteGrainStorage(path);
        storage.LimitRelaxedWrites(new DurabilityOptions { RelaxedFlushInterval = interval });
        var state = await CreatedAsync(storage);
        var release = new TaskCompletionSource();
        await storage.HoldWritesAsync(release.Task);

        var first = storage.AppendAsync("s", Grain, state, "e0"u8.ToArray(), WriteDurability.Relaxed);
        var acknowledgedAt = Stopwatch.GetTimestamp();
        // The bound is a duration: let it pass (the writer is parked, so the first append is still pending).
        await Task.Delay(interval * 3);
        Assert.True(Stopwatch.GetElapsedTime(acknowledgedAt) > interval);
        var late = storage.AppendAsync("s", Grain, state, "e1"u8.ToArray(), WriteDurability.Relaxed);

        Assert.True(first.IsCompletedSuccessfully);
        Assert.False(late.IsCompleted, "an append after the interval must wait for the writer");
        release.SetResult();
        await (await late.WaitAsync(TimeSpan.FromSeconds(30))).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(["e0", "e1"], JournalInFile(path));
    }

    [Fact]
    public async Task An_erasure_queued_after_pending_relaxed_appends_leaves_nothing_in_the_files()
    {
        var path = directory.File("erase.db");
        var marker = $"relaxed-marker-{Guid.NewGuid():N}";
        await using var storage = new SqliteGrainStorage(path);
        var state = await CreatedAsync(storage);
        var release = new TaskCompletionSource();
        await storage.HoldWritesAsync(release.Task);
        var durability = new List<Task>();
        for (var i = 0; i < 5; i++)
        {
            durability.Add(await storage.AppendAsync("s", Grain, state, Encoding.UTF8.GetBytes($"{marker}-{i}"), WriteDurability.Relaxed));
        }

        var erasure = storage.ClearStateAsync("s", Grain, state);
        release.SetResult();
        await erasure.WaitAsync(TimeSpan.FromSeconds(30));
        await Task.WhenAll(durability).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(RawFiles.Contain(path, marker), "a relaxed journal entry is still in the .db or -wal bytes");
        Assert.Empty(JournalInFile(path));
        Assert.False((await ReadAsync(storage)).RecordExists);
    }

    [Fact]
    public async Task Nothing_is_applied_past_a_relaxed_append_that_failed()
    {
        var path = directory.File("chain.db");
        await using var storage = new SqliteGrainStorage(path);
        var owner = await CreatedAsync(storage);
        var stale = new GrainState<Box>(new Box { Value = "stale" }) { ETag = owner.ETag, RecordExists = true };
        await storage.AppendAsync("s", Grain, owner, "owner-1"u8.ToArray());

        // The stale activation's appends are acknowledged, then fail in the writer: the first on the sequence number
        // the owner took, the second (which alone would fit) because it follows the first.
        var first = await storage.AppendAsync("s", Grain, stale, "stale-1"u8.ToArray(), WriteDurability.Relaxed);
        var second = await storage.AppendAsync("s", Grain, stale, "stale-2"u8.ToArray(), WriteDurability.Relaxed);
        await Assert.ThrowsAsync<InconsistentStateException>(() => first.WaitAsync(TimeSpan.FromSeconds(30)));
        await Assert.ThrowsAsync<InconsistentStateException>(() => second.WaitAsync(TimeSpan.FromSeconds(30)));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("s", Grain, stale).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(["owner-1"], JournalInFile(path));

        // Until the record is read again, its writes fail (the safe side: a conflict makes Orleans reload the grain).
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.AppendAsync("s", Grain, owner, "owner-2"u8.ToArray()));
        var reloaded = await ReadAsync(storage);
        Assert.Equal(owner.ETag, reloaded.ETag);
        await storage.AppendAsync("s", Grain, reloaded, "owner-2"u8.ToArray(), WriteDurability.Relaxed);
        await storage.AppendAsync("s", Grain, reloaded, "owner-3"u8.ToArray());
        Assert.Equal(["owner-1", "owner-2", "owner-3"], JournalInFile(path));
    }

    [Fact]
    public async Task A_journaled_state_reports_a_lost_relaxed_append_on_its_next_append_and_on_flush()
    {
        var path = directory.File("report.db");
        await using var storage = new SqliteGrainStorage(path);
        var owner = new JournaledState<Box>("s", Grain, storage);
        await owner.ReadStateAsync();
        owner.State.Value = "v";
        await owner.WriteStateAsync();
        var stale = new JournaledState<Box>("s", Grain, storage);
        await stale.ReadStateAsync();
        await owner.AppendAsync("owner-1"u8.ToArray());

        await stale.AppendAsync("stale-1"u8.ToArray(), WriteDurability.Relaxed);

        await Assert.ThrowsAsync<InconsistentStateException>(() => stale.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30)));
        await Assert.ThrowsAsync<InconsistentStateException>(() => stale.AppendAsync("stale-2"u8.ToArray(), WriteDurability.Relaxed));
        Assert.Equal(["owner-1"], JournalInFile(path));
    }

    [Fact]
    public async Task Disposing_the_storage_commits_every_acknowledged_relaxed_append()
    {
        var path = directory.File("stop.db");
        var storage = new SqliteGrainStorage(path);
        var state = await CreatedAsync(storage);
        for (var i = 0; i < 200; i++)
        {
            await storage.AppendAsync("s", Grain, state, Encoding.UTF8.GetBytes($"e{i}"), WriteDurability.Relaxed);
        }

        await storage.DisposeAsync();

        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"e{i}"), JournalInFile(path));
        await using var reopened = new SqliteGrainStorage(path);
        Assert.Equal(state.ETag, (await ReadAsync(reopened)).ETag);
    }

    [Fact]
    public async Task A_read_waits_for_the_records_pending_relaxed_appends()
    {
        var path = directory.File("read.db");
        await using var storage = new SqliteGrainStorage(path);
        var state = await CreatedAsync(storage);
        var release = new TaskCompletionSource();
        await storage.HoldWritesAsync(release.Task);
        await storage.AppendAsync("s", Grain, state, "e1"u8.ToArray(), WriteDurability.Relaxed);

        var read = new GrainState<Box>();
        var reading = storage.ReadStateAndJournalAsync("s", Grain, read);
        Assert.False(reading.IsCompleted, "the read must see the acknowledged append");
        release.SetResult();

        Assert.Equal(["e1"], (await reading.WaitAsync(TimeSpan.FromSeconds(30))).Select(e => Encoding.UTF8.GetString(e.Span)));
        Assert.Equal(state.ETag, read.ETag);
    }

    [Theory]
    [InlineData("Storage:Durability", "Sometimes")]
    [InlineData("Storage:RelaxedFlushInterval", "00:00:02")]
    [InlineData("Storage:RelaxedFlushInterval", "00:00:00")]
    [InlineData("Storage:RelaxedMaxPending", "0")]
    [InlineData("Storage:RelaxedMaxPending", "1000000")]
    public void A_bad_durability_setting_is_refused_naming_it(string key, string value)
    {
        var options = Options(new() { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => options.Value);

        Assert.Contains(key.Split(':')[1], error.Message + error.InnerException?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_is_durable_with_a_100_ms_10000_writes_window_and_relaxed_can_be_configured()
    {
        Assert.Equal((WriteDurability.Durable, TimeSpan.FromMilliseconds(100), 10_000),
            (Options([]).Value.Durability, Options([]).Value.RelaxedFlushInterval, Options([]).Value.RelaxedMaxPending));
        var relaxed = Options(new() { ["Storage:Durability"] = "Relaxed", ["Storage:RelaxedFlushInterval"] = "00:00:00.250", ["Storage:RelaxedMaxPending"] = "500" }).Value;
        Assert.Equal((WriteDurability.Relaxed, TimeSpan.FromMilliseconds(250), 500), (relaxed.Durability, relaxed.RelaxedFlushInterval, relaxed.RelaxedMaxPending));
    }

    public void Dispose() => directory.Dispose();

    private static IOptions<DurabilityOptions> Options(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddDurabilityOptions();
        return services.BuildServiceProvider().GetRequiredService<IOptions<DurabilityOptions>>();
    }

    private static async Task<GrainState<Box>> CreatedAsync(SqliteGrainStorage storage)
    {
        var state = new GrainState<Box>(new Box { Value = "snapshot" });
        await storage.WriteStateAsync("s", Grain, state);
        return state;
    }

    private static async Task<GrainState<Box>> ReadAsync(SqliteGrainStorage storage)
    {
        var read = new GrainState<Box>();
        await storage.ReadStateAndJournalAsync("s", Grain, read);
        return read;
    }

    /// <summary>The journal as another connection sees it in the file (committed entries only), oldest first.</summary>
    private static List<string> JournalInFile(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=false;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM grain_journal ORDER BY seq";
        using var reader = command.ExecuteReader();
        var entries = new List<string>();
        while (reader.Read())
        {
            entries.Add(Encoding.UTF8.GetString((byte[])reader.GetValue(0)));
        }

        return entries;
    }
}
