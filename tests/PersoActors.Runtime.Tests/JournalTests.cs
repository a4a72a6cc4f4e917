using System.Text;
using PersoActors.Runtime.State;

namespace PersoActors.Runtime.Tests;

/// <summary>The journal part of the storage contract: entries appended after a state, fenced by the same ETag.</summary>
public sealed class JournalTests
{
    public static TheoryData<string> Storages => new() { "memory", "sqlite" };

    private static readonly GrainId Grain = new("register", "journaled");

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task Appended_entries_are_read_back_in_order_after_the_state(string kind)
    {
        using var directory = new TempDirectory();
        var storage = Create(kind, directory);
        var etag = await storage.WriteAsync(Grain, "s", "state"u8.ToArray(), null, StateWriteMode.Normal);

        etag = await storage.AppendAsync(Grain, "s", "e1"u8.ToArray(), etag);
        etag = await storage.AppendAsync(Grain, "s", "e2"u8.ToArray(), etag);

        var stored = await storage.ReadAsync(Grain, "s");
        Assert.Equal("state", Text(stored!.Data));
        Assert.Equal(["e1", "e2"], stored.Journal.Select(Text));
        Assert.Equal(etag, stored.ETag);
        await DisposeAsync(storage);
    }

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task A_stale_etag_can_neither_append_nor_overwrite_nor_clear(string kind)
    {
        using var directory = new TempDirectory();
        var storage = Create(kind, directory);
        var read = await storage.WriteAsync(Grain, "s", "state"u8.ToArray(), null, StateWriteMode.Normal);
        var owner = await storage.AppendAsync(Grain, "s", "by the owner"u8.ToArray(), read);

        // Another activation that read the same version before the owner's append:
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.AppendAsync(Grain, "s", "stale append"u8.ToArray(), read));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(Grain, "s", "stale write"u8.ToArray(), read, StateWriteMode.Normal));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearAsync(Grain, "s", read));

        // After a new snapshot, an append with the ETag from before it is stale too.
        var snapshot = await storage.WriteAsync(Grain, "s", "snapshot"u8.ToArray(), owner, StateWriteMode.Normal);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.AppendAsync(Grain, "s", "stale append"u8.ToArray(), owner));

        var stored = await storage.ReadAsync(Grain, "s");
        Assert.Equal("snapshot", Text(stored!.Data));
        Assert.Empty(stored.Journal);
        Assert.Equal(snapshot, stored.ETag);
        await DisposeAsync(storage);
    }

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task An_etag_from_before_an_erasure_cannot_touch_the_record_created_after_it(string kind)
    {
        using var directory = new TempDirectory();
        var storage = Create(kind, directory);
        var old = await storage.WriteAsync(Grain, "s", "first life"u8.ToArray(), null, StateWriteMode.Normal);
        await storage.ClearAsync(Grain, "s", old);

        var reborn = await storage.WriteAsync(Grain, "s", "second life"u8.ToArray(), null, StateWriteMode.Normal);

        // A stale activation still holding the first life's ETag:
        Assert.NotEqual(old, reborn);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(Grain, "s", "stale write"u8.ToArray(), old, StateWriteMode.Normal));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.AppendAsync(Grain, "s", "stale append"u8.ToArray(), old));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearAsync(Grain, "s", old));
        Assert.Equal("second life", Text((await storage.ReadAsync(Grain, "s"))!.Data));
        await DisposeAsync(storage);
    }

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task Racing_appenders_with_one_etag_have_one_winner(string kind)
    {
        using var directory = new TempDirectory();
        var storage = Create(kind, directory);
        var etag = await storage.WriteAsync(Grain, "s", "state"u8.ToArray(), null, StateWriteMode.Normal);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            try
            {
                await storage.AppendAsync(Grain, "s", Encoding.UTF8.GetBytes($"racer {i}"), etag);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        }));

        Assert.Single(outcomes, won => won);
        Assert.Single((await storage.ReadAsync(Grain, "s"))!.Journal);
        await DisposeAsync(storage);
    }

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task Appending_needs_a_stored_record(string kind)
    {
        using var directory = new TempDirectory();
        var storage = Create(kind, directory);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.AppendAsync(Grain, "s", "orphan"u8.ToArray(), "1"));

        Assert.Null(await storage.ReadAsync(Grain, "s"));
        await DisposeAsync(storage);
    }

    [Fact]
    public async Task Clearing_scrubs_the_journal_from_the_sqlite_files()
    {
        using var directory = new TempDirectory();
        var path = directory.File("scrub.db");
        var marker = $"journal-marker-{Guid.NewGuid():N}";
        await using var storage = new SqliteGrainStorage(path);
        var etag = await storage.WriteAsync(Grain, "s", "state"u8.ToArray(), null, StateWriteMode.Normal);
        etag = await storage.AppendAsync(Grain, "s", Encoding.UTF8.GetBytes(marker), etag);
        Assert.True(RawFilesContain(path, marker));

        await storage.ClearAsync(Grain, "s", etag);

        Assert.Null(await storage.ReadAsync(Grain, "s"));
        Assert.False(RawFilesContain(path, marker), "the journal entry is still in the .db or -wal bytes");
    }

    [Fact]
    public async Task A_scrubbing_write_removes_the_journal_from_the_sqlite_files()
    {
        using var directory = new TempDirectory();
        var path = directory.File("scrub.db");
        var marker = $"journal-marker-{Guid.NewGuid():N}";
        await using var storage = new SqliteGrainStorage(path);
        var etag = await storage.WriteAsync(Grain, "s", "state"u8.ToArray(), null, StateWriteMode.Normal);
        etag = await storage.AppendAsync(Grain, "s", Encoding.UTF8.GetBytes(marker), etag);

        await storage.WriteAsync(Grain, "s", "purged"u8.ToArray(), etag, StateWriteMode.Scrub);

        Assert.Empty((await storage.ReadAsync(Grain, "s"))!.Journal);
        Assert.False(RawFilesContain(path, marker), "the journal entry is still in the .db or -wal bytes");
    }

    [Fact]
    public async Task Acknowledged_appends_survive_a_storage_abandoned_without_shutdown()
    {
        using var directory = new TempDirectory();
        var path = directory.File("crash.db");
        var crashed = new SqliteGrainStorage(path);
        var etag = await crashed.WriteAsync(Grain, "s", "state"u8.ToArray(), null, StateWriteMode.Normal);
        for (var i = 0; i < 20; i++)
        {
            etag = await crashed.AppendAsync(Grain, "s", Encoding.UTF8.GetBytes($"e{i}"), etag);
        }

        // No DisposeAsync: only what was acknowledged counts.
        await using var reopened = new SqliteGrainStorage(path);
        var stored = await reopened.ReadAsync(Grain, "s");

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"e{i}"), stored!.Journal.Select(Text));
        Assert.Equal(etag, stored.ETag);
        await crashed.DisposeAsync();
    }

    [Fact]
    public async Task A_persistent_state_appends_replays_and_folds_its_journal()
    {
        using var directory = new TempDirectory();
        var path = directory.File("state.db");
        await using var storage = new SqliteGrainStorage(path);
        var json = new GrainSerializerOptions().Options;
        var state = new PersistentState<Box>(Grain, "box", storage, json);
        await Assert.ThrowsAsync<InvalidOperationException>(() => state.AppendAsync("x"u8.ToArray()));

        state.State.Value = "snapshot";
        await state.WriteStateAsync();
        await state.AppendAsync("a"u8.ToArray());
        await state.AppendAsync("b"u8.ToArray());
        Assert.Equal(2, state.JournalLength);

        var reader = new PersistentState<Box>(Grain, "box", storage, json);
        await reader.ReadStateAsync();
        Assert.Equal("snapshot", reader.State.Value);
        Assert.Equal(2, reader.JournalLength);
        Assert.Equal(["a", "b"], reader.TakeJournal().Select(Text));
        Assert.Empty(reader.TakeJournal());

        reader.State.Value = "folded";
        await reader.WriteStateAsync();
        Assert.Equal(0, reader.JournalLength);
        await Assert.ThrowsAsync<InconsistentStateException>(() => state.AppendAsync("stale"u8.ToArray()));
    }

    public sealed class Box
    {
        public string? Value { get; set; }
    }

    private static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    private static IGrainStorage Create(string kind, TempDirectory directory) =>
        kind == "memory" ? new MemoryGrainStorage() : new SqliteGrainStorage(directory.File("journal.db"));

    private static async Task DisposeAsync(IGrainStorage storage)
    {
        if (storage is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    private static bool RawFilesContain(string databasePath, string marker)
    {
        var needle = Encoding.UTF8.GetBytes(marker);
        return new[] { databasePath, databasePath + "-wal" }.Where(File.Exists).Any(path =>
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray().AsSpan().IndexOf(needle) >= 0;
        });
    }
}
