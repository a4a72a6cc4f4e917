using System.Text;
using Orleans.Storage;
using PersoActors.Storage.Tests.Infrastructure;

namespace PersoActors.Storage.Tests.Contract;

/// <summary>What every journaled grain storage of the project guarantees, run against each of them.</summary>
public abstract class StorageContract : IAsyncLifetime
{
    protected IJournaledGrainStorage Storage { get; private set; } = null!;

    protected abstract Task<IJournaledGrainStorage> CreateStorageAsync();

    public async Task InitializeAsync() => Storage = await CreateStorageAsync();

    public virtual async Task DisposeAsync()
    {
        if (Storage is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_missing_record_reads_as_a_fresh_state_without_etag()
    {
        var (state, journal) = await ReadAsync(NewGrain());

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.NotNull(state.State);
        Assert.Null(state.State.Value);
        Assert.Empty(journal);
    }

    [Fact]
    public async Task Written_state_reads_back_and_clearing_removes_it()
    {
        var grain = NewGrain();
        var first = await WriteAsync(grain, "v1", null);
        var second = await WriteAsync(grain, "v2", first);
        Assert.NotEqual(first, second);

        var (state, _) = await ReadAsync(grain);
        Assert.True(state.RecordExists);
        Assert.Equal("v2", state.State.Value);
        Assert.Equal(Mood.VeryHappy, state.State.Mood);
        Assert.Equal(second, state.ETag);

        var cleared = new GrainState<Box>(state.State, second);

        await Storage.ClearStateAsync("s", grain, cleared);
        Assert.False(cleared.RecordExists);
        Assert.Null(cleared.ETag);
        Assert.False((await ReadAsync(grain)).State.RecordExists);
        await ClearAsync(grain, second); // Already gone: nothing to conflict with.
    }

    [Fact]
    public async Task Records_of_every_size_read_at_once_each_come_back_as_written()
    {
        // Reads share connections, statements and buffers: none may hand one read's bytes to another.
        var grains = Enumerable.Range(0, 64).Select(_ => NewGrain()).ToArray();
        string ValueOf(int i) => $"{i}:" + new string((char)('a' + i % 26), i * 97 % 5000);
        for (var i = 0; i < grains.Length; i++)
        {
            await WriteAsync(grains[i], ValueOf(i), null);
        }

        var read = await Task.WhenAll(Enumerable.Range(0, 4).SelectMany(_ => grains.Select(grain => Task.Run(() => ReadAsync(grain)))));

        for (var i = 0; i < read.Length; i++)
        {
            Assert.Equal(ValueOf(i % grains.Length), read[i].State.State.Value);
        }
    }

    [Fact]
    public async Task A_write_or_clear_with_a_stale_etag_is_refused_and_changes_nothing()
    {
        var grain = NewGrain();
        var first = await WriteAsync(grain, "v1", null);
        var second = await WriteAsync(grain, "v2", first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(grain, "stale", first));
        await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(grain, "as if new", null));
        await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(grain, "made up", "12345"));
        await Assert.ThrowsAsync<InconsistentStateException>(() => ClearAsync(grain, first));

        var (state, _) = await ReadAsync(grain);
        Assert.Equal("v2", state.State.Value);
        Assert.Equal(second, state.ETag);
    }

    [Fact]
    public async Task Appended_entries_read_back_in_order_after_the_state_and_a_write_drops_them()
    {
        var grain = NewGrain();
        var etag = await WriteAsync(grain, "state", null);
        etag = await AppendAsync(grain, "e1", etag);
        etag = await AppendAsync(grain, "e2", etag);

        var (state, journal) = await ReadAsync(grain);
        Assert.Equal("state", state.State.Value);
        Assert.Equal(["e1", "e2"], journal);
        Assert.Equal(etag, state.ETag);

        var snapshot = await WriteAsync(grain, "snapshot", etag);
        (state, journal) = await ReadAsync(grain);
        Assert.Equal("snapshot", state.State.Value);
        Assert.Empty(journal);
        Assert.Equal(snapshot, state.ETag);
    }

    [Fact]
    public async Task A_stale_etag_can_neither_append_nor_overwrite_nor_clear()
    {
        var grain = NewGrain();
        var read = await WriteAsync(grain, "state", null);
        var owner = await AppendAsync(grain, "by the owner", read);

        // Another activation that read the record before the owner's append:
        await Assert.ThrowsAsync<InconsistentStateException>(() => AppendAsync(grain, "stale append", read));
        await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(grain, "stale write", read));
        await Assert.ThrowsAsync<InconsistentStateException>(() => ClearAsync(grain, read));
        var (state, journal) = await ReadAsync(grain);
        Assert.Equal(["by the owner"], journal);
        Assert.Equal(owner, state.ETag);

        // After a new snapshot, an append with the ETag from before it is stale too.
        var snapshot = await WriteAsync(grain, "snapshot", owner);
        await Assert.ThrowsAsync<InconsistentStateException>(() => AppendAsync(grain, "stale append", owner));
        (state, journal) = await ReadAsync(grain);
        Assert.Equal("snapshot", state.State.Value);
        Assert.Empty(journal);
        Assert.Equal(snapshot, state.ETag);
    }

    [Fact]
    public async Task Racing_appenders_with_one_etag_have_one_winner()
    {
        var grain = NewGrain();
        var etag = await WriteAsync(grain, "state", null);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            try
            {
                await AppendAsync(grain, $"racer {i}", etag);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        }));

        Assert.Single(outcomes, won => won);
        Assert.Single((await ReadAsync(grain)).Journal);
    }

    [Fact]
    public async Task Racing_writers_with_one_etag_have_one_winner()
    {
        var grain = NewGrain();
        var etag = await WriteAsync(grain, "state", null);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            try
            {
                await WriteAsync(grain, $"racer {i}", etag);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        }));

        Assert.Single(outcomes, won => won);
    }

    [Fact]
    public async Task Appending_needs_a_stored_record()
    {
        var grain = NewGrain();

        await Assert.ThrowsAsync<InconsistentStateException>(() => AppendAsync(grain, "orphan", null));
        await Assert.ThrowsAsync<InconsistentStateException>(() => AppendAsync(grain, "orphan", "1"));

        Assert.False((await ReadAsync(grain)).State.RecordExists);
    }

    [Fact]
    public async Task An_etag_from_before_an_erasure_cannot_touch_the_record_created_after_it()
    {
        var grain = NewGrain();
        var old = await WriteAsync(grain, "first life", null);
        old = await AppendAsync(grain, "first life entry", old);
        await ClearAsync(grain, old);

        var reborn = await WriteAsync(grain, "second life", null);

        // A stale activation still holding the first life's ETag:
        Assert.NotEqual(old, reborn);
        await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(grain, "stale write", old));
        await Assert.ThrowsAsync<InconsistentStateException>(() => AppendAsync(grain, "stale append", old));
        await Assert.ThrowsAsync<InconsistentStateException>(() => ClearAsync(grain, old));
        var (state, journal) = await ReadAsync(grain);
        Assert.Equal("second life", state.State.Value);
        Assert.Empty(journal);
    }

    [Fact]
    public async Task A_scrubbing_write_is_an_ordinary_write_for_the_reader()
    {
        var grain = NewGrain();
        var etag = await WriteAsync(grain, "state", null);
        etag = await AppendAsync(grain, "secret", etag);

        var scrubbed = await WriteAsync(grain, "purged", etag, StateWriteMode.Scrub);

        var (state, journal) = await ReadAsync(grain);
        Assert.Equal("purged", state.State.Value);
        Assert.Empty(journal);
        Assert.Equal(scrubbed, state.ETag);
    }

    [Fact]
    public async Task Orleans_persistent_state_names_prefixed_with_the_grain_id_address_the_same_record()
    {
        // Orleans' [PersistentState] bridge passes "{grainId}.{name}"; records are keyed by the bare name.
        var grain = NewGrain();
        var etag = await WriteAsync(grain, "via the bridge", null, stateName: $"{grain}.s");

        var (state, _) = await ReadAsync(grain);

        Assert.Equal("via the bridge", state.State.Value);
        Assert.Equal(etag, state.ETag);
    }

    [Fact]
    public async Task A_relaxed_append_is_stored_once_its_durability_completes()
    {
        var grain = NewGrain();
        var state = new GrainState<Box>(new Box()) { ETag = await WriteAsync(grain, "v1", null), RecordExists = true };

        var durable = await Storage.AppendAsync("s", grain, state, "relaxed"u8.ToArray(), WriteDurability.Relaxed);
        await durable.WaitAsync(TimeSpan.FromSeconds(30));

        var (read, journal) = await ReadAsync(grain);
        Assert.Equal(["relaxed"], journal);
        Assert.Equal(state.ETag, read.ETag);
    }

    protected static GrainId NewGrain() => GrainId.Create("register", Guid.NewGuid().ToString("N"));

    protected async Task<string> WriteAsync(GrainId grain, string value, string? etag, StateWriteMode mode = StateWriteMode.Normal, string stateName = "s")
    {
        var state = new GrainState<Box>(new Box { Value = value, Mood = Mood.VeryHappy }) { ETag = etag };
        await Storage.WriteStateAsync(stateName, grain, state, mode);
        Assert.True(state.RecordExists);
        return state.ETag!;
    }

    protected async Task<string> AppendAsync(GrainId grain, string entry, string? etag)
    {
        var state = new GrainState<Box>(new Box()) { ETag = etag };
        await Storage.AppendAsync("s", grain, state, Encoding.UTF8.GetBytes(entry));
        return state.ETag!;
    }

    protected Task ClearAsync(GrainId grain, string? etag) =>
        Storage.ClearStateAsync("s", grain, new GrainState<Box>(new Box()) { ETag = etag });

    protected async Task<(Snapshot State, string[] Journal)> ReadAsync(GrainId grain)
    {
        var state = new GrainState<Box>();
        var journal = await Storage.ReadStateAndJournalAsync("s", grain, state);
        return (new Snapshot(state.State!, state.ETag, state.RecordExists), journal.Select(e => Encoding.UTF8.GetString(e.Span)).ToArray());
    }

    /// <summary>What a read returned.</summary>
    protected sealed record Snapshot(Box State, string? ETag, bool RecordExists);
}
