using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using PersoActors.Storage;
using PersoActors.Grains.Interfaces.Customers;
using static PersoActors.Grains.Tests.Customers.Events;

namespace PersoActors.Grains.Tests.Customers;

/// <summary>Relaxed behaviour events on a silo with SQLite storage: acknowledged before their commit, while consent
/// changes and erasures still wait for theirs, an erasure is not overtaken by pending events, and a graceful stop commits
/// everything acknowledged. The store's writer is parked to observe "acknowledged but not yet in the file".</summary>
public sealed class CustomerRelaxedDurabilityTests : IDisposable
{
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(30);
    private readonly string directory = Directory.CreateTempSubdirectory("persoactors-relaxed-").FullName;

    private string DatabasePath => Path.Combine(directory, "state.db");

    [Fact]
    public async Task Relaxed_events_are_acknowledged_before_their_commit_but_a_consent_change_waits_for_its_own()
    {
        var marker = $"relaxed-{Guid.NewGuid():N}";
        await using var silo = await StartAsync();
        var grain = await CustomerWithAJournalEntryAsync(silo, "relaxed");
        var release = new TaskCompletionSource();
        await Store(silo).HoldWritesAsync(release.Task);

        var result = await grain.TrackEventsAsync([View(marker)], EventDurability.Relaxed).WaitAsync(Safety);
        var consent = grain.ChangeConsentsAsync(Grant(ConsentPurpose.Marketing));
        var early = await Task.WhenAny(consent, Task.Delay(TimeSpan.FromMilliseconds(500)));

        Assert.Equal(1, result.Accepted);
        Assert.False(RawFiles.Contain(DatabasePath, marker), "the relaxed event is in the files while the writer is parked");
        Assert.NotSame(consent, early);
        release.SetResult();
        await consent.WaitAsync(Safety);
        Assert.True(RawFiles.Contain(DatabasePath, marker), "the relaxed event is not in the files after the consent change");
        Assert.Contains(await grain.GetConsentsAsync(), c => c is { Purpose: ConsentPurpose.Marketing, Status: ConsentStatus.Granted });
    }

    [Fact]
    public async Task By_default_an_event_is_acknowledged_only_once_in_the_file()
    {
        await using var silo = await StartAsync();
        var grain = await CustomerWithAJournalEntryAsync(silo, "durable");
        var release = new TaskCompletionSource();
        await Store(silo).HoldWritesAsync(release.Task);

        var tracked = grain.TrackEventsAsync([View("sku-2")]);
        var early = await Task.WhenAny(tracked, Task.Delay(TimeSpan.FromMilliseconds(500)));

        Assert.NotSame(tracked, early);
        Assert.Equal(1, await JournalLengthAsync("durable"));
        release.SetResult();
        await tracked.WaitAsync(Safety);
        Assert.Equal(2, await JournalLengthAsync("durable"));
    }

    [Fact]
    public async Task An_erasure_after_pending_relaxed_events_leaves_none_of_them_in_the_files()
    {
        var marker = $"relaxed-erased-{Guid.NewGuid():N}";
        await using var silo = await StartAsync();
        var grain = await CustomerWithAJournalEntryAsync(silo, "erased");
        var release = new TaskCompletionSource();
        await Store(silo).HoldWritesAsync(release.Task);
        for (var i = 0; i < 5; i++)
        {
            await grain.TrackEventsAsync([View($"{marker}-{i}", category: marker)], EventDurability.Relaxed).WaitAsync(Safety);
        }

        var erasure = grain.EraseAsync();
        release.SetResult();
        await erasure.WaitAsync(Safety);

        Assert.False(RawFiles.Contain(DatabasePath, marker), "a relaxed event is still in the .db or -wal bytes");
        Assert.Equal(0, await JournalLengthAsync("erased"));
        Assert.Empty((await silo.Grains.GetGrain<ICustomerGrain>("erased").GetProfileAsync()).RecentEvents);
    }

    [Fact]
    public async Task A_graceful_stop_commits_every_acknowledged_relaxed_event()
    {
        var silo = await StartAsync();
        var grain = await CustomerWithAJournalEntryAsync(silo, "stopped");
        for (var i = 0; i < 50; i++)
        {
            await grain.TrackEventsAsync([View($"sku-{i}")], EventDurability.Relaxed);
        }

        await silo.DisposeAsync();

        Assert.Equal(51, await JournalLengthAsync("stopped"));
        await using var restarted = await StartAsync();
        Assert.Equal(51, (await restarted.Grains.GetGrain<ICustomerGrain>("stopped").GetProfileAsync()).EventCount);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    private Task<TestSilo> StartAsync() => TestSilo.StartAsync(DatabasePath, new TestSiloOptions { ProfilesOnly = true });

    private static SqliteGrainStorage Store(TestSilo silo) => (SqliteGrainStorage)silo.Services.GetRequiredKeyedService<IGrainStorage>("Default");

    /// <summary>A customer with analytics consent (its record) and one event appended to its journal.</summary>
    private static async Task<ICustomerGrain> CustomerWithAJournalEntryAsync(TestSilo silo, string id)
    {
        var grain = await silo.ConsentingCustomerAsync(id);
        await grain.TrackEventsAsync([View("sku-1")]);
        return grain;
    }

    private Task<long> JournalLengthAsync(string customerId) => StoredProfileRows.JournalLengthAsync(DatabasePath, customerId);
}
