using PersoActors.Grains.Customers;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Grains.Tests.Infrastructure;
using static PersoActors.Grains.Tests.Customers.Events;

namespace PersoActors.Grains.Tests.Customers;

/// <summary>Idempotency keys of event batches on a silo with SQLite storage: a batch repeated under its key is stored
/// once, whether the key was kept in the journal or in a snapshot, across a crash; a key reused for another batch is
/// refused; keys are bounded, exported, and purged with the behaviour they stored.</summary>
public sealed class EventBatchKeyTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("persoactors-keys-").FullName;

    private string DatabasePath => Path.Combine(directory, "state.db");

    [Fact]
    public void A_journal_entry_carries_its_receipt_and_an_unkeyed_entry_keeps_the_first_format()
    {
        BehaviourEvent[] events = [View("sku-1"), Purchase("sku-1", 10m, "o-1")];
        var receipt = new EventBatchReceipt("key-ü-free", ulong.MaxValue, 2);

        var keyed = EventJournal.Decode(EventJournal.Encode(events, receipt), out var decoded);
        var plain = EventJournal.Encode(events);

        Assert.Equal(receipt, decoded);
        Assert.Equal(events.Select(e => e.ItemId), keyed.Select(e => e.ItemId));
        Assert.Equal(1, plain[0]);
        Assert.Equal(events.Length, EventJournal.Decode(plain, out var none).Length);
        Assert.Null(none);
    }

    [Fact]
    public async Task A_batch_repeated_under_its_key_is_stored_once_and_answered_as_a_duplicate()
    {
        await using var silo = await StartAsync();
        var grain = await silo.ConsentingCustomerAsync("repeated");
        BehaviourEvent[] batch = [View("sku-1"), View("sku-2")];

        var first = await grain.TrackEventsAsync(batch, EventDurability.Default, Key("k-1"));
        var second = await grain.TrackEventsAsync(batch, EventDurability.Default, Key("k-1"));

        Assert.Equal(new TrackEventsResult(2, 0, null), first);
        Assert.Equal(new TrackEventsResult(2, 0, null, Duplicate: true), second);
        Assert.Equal(2, (await grain.GetProfileAsync()).EventCount);
        Assert.Equal(1, await JournalLengthAsync("repeated"));
    }

    [Fact]
    public async Task A_key_reused_for_a_different_batch_is_refused_and_stores_nothing()
    {
        await using var silo = await StartAsync();
        var grain = await silo.ConsentingCustomerAsync("reused");
        await grain.TrackEventsAsync([View("sku-1")], EventDurability.Default, Key("k-1", fingerprint: 1));

        var refused = await Assert.ThrowsAsync<EventBatchKeyReusedException>(
            () => grain.TrackEventsAsync([View("sku-2")], EventDurability.Default, Key("k-1", fingerprint: 2)));

        Assert.Equal("k-1", refused.Key);
        Assert.Equal(["sku-1"], (await grain.GetProfileAsync()).RecentEvents.Select(e => e.ItemId));
    }

    [Fact]
    public async Task Keys_kept_in_the_journal_and_in_a_snapshot_both_survive_a_crash()
    {
        // Appends at journal lengths 0, 1 and 2, a snapshot at 3 (folding the first three keys into it), then an append.
        Action<CustomerProfileOptions> options = o => o.JournalSnapshotEvery = 3;
        var crashed = await StartAsync(options);
        var grain = await crashed.ConsentingCustomerAsync("crashed");
        for (var i = 0; i < 5; i++)
        {
            await grain.TrackEventsAsync([View($"sku-{i}")], EventDurability.Default, Key($"k-{i}"));
        }

        Assert.Equal(1, await JournalLengthAsync("crashed"));
        await crashed.AbandonAsync();
        await using var restarted = await StartAsync(options);
        grain = restarted.Grains.GetGrain<ICustomerGrain>("crashed");

        for (var i = 0; i < 5; i++)
        {
            var retried = await grain.TrackEventsAsync([View($"sku-{i}")], EventDurability.Default, Key($"k-{i}"));
            Assert.True(retried.Duplicate, $"k-{i} was stored again after the restart");
        }

        Assert.Equal(5, (await grain.GetProfileAsync()).EventCount);
    }

    [Fact]
    public async Task Only_the_latest_keys_are_remembered()
    {
        await using var silo = await StartAsync(o => o.MaxEventBatchReceipts = 2);
        var grain = await silo.ConsentingCustomerAsync("bounded");
        foreach (var key in new[] { "k-1", "k-2", "k-3" })
        {
            await grain.TrackEventsAsync([View(key)], EventDurability.Default, Key(key));
        }

        var oldest = await grain.TrackEventsAsync([View("k-1")], EventDurability.Default, Key("k-1"));
        var latest = await grain.TrackEventsAsync([View("k-3")], EventDurability.Default, Key("k-3"));

        Assert.False(oldest.Duplicate);
        Assert.True(latest.Duplicate);
        Assert.Equal(["k-3", "k-1"], (await grain.ExportAsync()).EventBatchReceipts!.Select(r => r.Key));
    }

    [Fact]
    public async Task Keys_are_exported_and_withdrawing_analytics_consent_purges_them_from_memory_and_store()
    {
        var crashed = await StartAsync();
        var grain = await crashed.ConsentingCustomerAsync("withdrawn");
        await grain.TrackEventsAsync([View("sku-1"), View("sku-2")], EventDurability.Default, Key("k-secret-1", fingerprint: 42));

        var exported = await grain.ExportAsync();
        await grain.ChangeConsentsAsync(Deny(ConsentPurpose.Analytics));
        var afterPurge = await grain.ExportAsync();
        await crashed.AbandonAsync();

        Assert.Equal([new EventBatchReceipt("k-secret-1", 42, 2)], exported.EventBatchReceipts);
        Assert.Empty(afterPurge.EventBatchReceipts!);
        Assert.False(RawFiles.Contain(DatabasePath, "k-secret-1"), "the purged key is still in the store's files");
        await using var restarted = await StartAsync();
        grain = restarted.Grains.GetGrain<ICustomerGrain>("withdrawn");
        await grain.ChangeConsentsAsync(Grant(ConsentPurpose.Analytics));
        var again = await grain.TrackEventsAsync([View("sku-1"), View("sku-2")], EventDurability.Default, Key("k-secret-1", fingerprint: 42));
        Assert.Equal(new TrackEventsResult(2, 0, null), again);
    }

    [Fact]
    public async Task A_keyed_batch_dropped_for_want_of_consent_is_stored_when_retried_after_consent()
    {
        await using var silo = await StartAsync();
        var grain = silo.Grains.GetGrain<ICustomerGrain>("late-consent");

        var dropped = await grain.TrackEventsAsync([View("sku-1")], EventDurability.Default, Key("k-1"));
        await grain.ChangeConsentsAsync(Grant(ConsentPurpose.Analytics));
        var stored = await grain.TrackEventsAsync([View("sku-1")], EventDurability.Default, Key("k-1"));

        Assert.Equal(new TrackEventsResult(0, 1, CustomerProfile.NoAnalyticsConsent), dropped);
        Assert.Equal(new TrackEventsResult(1, 0, null), stored);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static EventBatchKey Key(string key, ulong fingerprint = 7) => new(key, fingerprint);

    private Task<TestSilo> StartAsync(Action<CustomerProfileOptions>? configure = null) =>
        TestSilo.StartAsync(DatabasePath, new TestSiloOptions { Customers = configure, ProfilesOnly = true });

    private Task<long> JournalLengthAsync(string customerId) => StoredProfileRows.JournalLengthAsync(DatabasePath, customerId);
}
