using PersoActors.Runtime.State;
using PersoActors.Runtime.Tests.Grains;

namespace PersoActors.Runtime.Tests;

public sealed class PersistenceTests
{
    public static TheoryData<string> Storages => new() { "memory", "sqlite" };

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task A_write_with_a_stale_etag_is_rejected_and_does_not_overwrite(string kind)
    {
        using var directory = new TempDirectory();
        var storage = Create(kind, directory);
        var id = new GrainId("register", "contended");

        var first = await storage.WriteAsync(id, "s", "v1"u8.ToArray(), null, StateWriteMode.Normal);
        var second = await storage.WriteAsync(id, "s", "v2"u8.ToArray(), first, StateWriteMode.Normal);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(id, "s", "stale"u8.ToArray(), first, StateWriteMode.Normal));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(id, "s", "again"u8.ToArray(), null, StateWriteMode.Normal));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearAsync(id, "s", first));

        var stored = await storage.ReadAsync(id, "s");
        Assert.Equal("v2"u8.ToArray(), stored!.Data.ToArray());
        Assert.Equal(second, stored.ETag);
        await DisposeAsync(storage);
    }

    [Fact]
    public async Task A_stale_activation_cannot_overwrite_newer_state_and_reloads_after_the_conflict()
    {
        using var directory = new TempDirectory();
        var path = directory.File("shared.db");
        await using var siloA = await TestSilo.StartAsync(s => s.UseSqliteStorage(path));
        await using var siloB = await TestSilo.StartAsync(s => s.UseSqliteStorage(path));
        var onA = siloA.Grains.GetGrain<IRegisterGrain>("split");
        var onB = siloB.Grains.GetGrain<IRegisterGrain>("split");

        await onA.SetDurablyAsync("from A");
        await onB.GetAsync();
        await onA.SetDurablyAsync("newer from A");

        await Assert.ThrowsAsync<InconsistentStateException>(() => onB.SetDurablyAsync("stale from B"));
        Assert.Equal(DeactivationReason.StaleState, await siloB.Probe.NextDeactivation(siloB.IdOf<IRegisterGrain>("split")).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("newer from A", await onB.GetAsync());
    }

    [Fact]
    public async Task State_survives_a_restart_without_graceful_shutdown()
    {
        using var directory = new TempDirectory();
        var path = directory.File("state.db");
        var crashed = await TestSilo.StartAsync(s => s.UseSqliteStorage(path));
        await crashed.Grains.GetGrain<IRegisterGrain>("durable").SetDurablyAsync("acknowledged");
        // No StopAsync: nothing is flushed on the way out, only what was acknowledged counts.

        await using var restarted = await TestSilo.StartAsync(s => s.UseSqliteStorage(path));

        Assert.Equal("acknowledged", await restarted.Grains.GetGrain<IRegisterGrain>("durable").GetAsync());
    }

    [Fact]
    public async Task Concurrent_writes_from_many_grains_are_all_durable()
    {
        using var directory = new TempDirectory();
        var path = directory.File("state.db");
        await using (var silo = await TestSilo.StartAsync(s => s.UseSqliteStorage(path)))
        {
            await Task.WhenAll(Enumerable.Range(0, 2000).Select(i => silo.Grains.GetGrain<IRegisterGrain>($"w{i}").SetDurablyAsync($"v{i}")));
        }

        await using var storage = new SqliteGrainStorage(path);
        for (var i = 0; i < 2000; i += 97)
        {
            var stored = await storage.ReadAsync(new GrainId("register", $"w{i}"), "register");
            Assert.Contains($"v{i}", System.Text.Encoding.UTF8.GetString(stored!.Data.Span));
        }
    }

    private static IGrainStorage Create(string kind, TempDirectory directory) =>
        kind == "memory" ? new MemoryGrainStorage() : new SqliteGrainStorage(directory.File("etag.db"));

    private static async Task DisposeAsync(IGrainStorage storage)
    {
        if (storage is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }
}
