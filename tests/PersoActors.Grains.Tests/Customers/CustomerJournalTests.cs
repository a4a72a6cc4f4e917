using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Data.Sqlite;
using Orleans.Configuration;
using PersoActors.Grains.Customers;
using PersoActors.Grains.Interfaces.Customers;
using static PersoActors.Grains.Tests.Customers.Events;

namespace PersoActors.Grains.Tests.Customers;

/// <summary>Event batches are appended to the profile's journal; a restart replays them on top of the last snapshot.</summary>
public sealed class CustomerJournalTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("persoactors-journal-").FullName;

    private string DatabasePath => Path.Combine(directory, "state.db");

    [Fact]
    public void The_journal_encoding_keeps_every_field_of_an_event()
    {
        BehaviourEvent[] events =
        [
            new(EventType.Purchase, T0, "sku-1", ["shoes", "sale"], "acme", 12.345m, 3, OrderId: "o-1", DecisionId: "d-1"),
            new(EventType.Search, T0.AddSeconds(1), Query: "red ünïcode shoes"),
            new(EventType.Custom, T0.AddSeconds(2), Name: "newsletter_open"),
            new(EventType.View, T0.AddDays(400), "sku-2"),
        ];

        var encoded = EventJournal.Encode(events);
        var decoded = EventJournal.Decode(encoded);
        // An entry that is a slice of a larger buffer decodes from its own bytes only.
        var sliced = EventJournal.Decode(new ReadOnlyMemory<byte>([0xFF, 0xFF, .. encoded, 0xFF], 2, encoded.Length));

        Assert.Equal(Json(events), Json(decoded));
        Assert.Equal(Json(events), Json(sliced));
        Assert.Empty(EventJournal.Decode(EventJournal.Encode([])));
    }

    [Fact]
    public void An_entry_encoded_after_a_longer_one_on_the_same_thread_holds_only_its_own_events()
    {
        // The encoder reuses its buffer: nothing of the longer entry may be left in the shorter one.
        var longer = Enumerable.Range(0, 200).Select(i => new BehaviourEvent(EventType.View, T0.AddSeconds(i), $"sku-{i}", ["shoes"], "acme")).ToArray();
        BehaviourEvent[] shorter = [new(EventType.Search, T0, Query: "red")];

        var first = EventJournal.Encode(longer);
        var second = EventJournal.Encode(shorter);

        Assert.Equal(Json(longer), Json(EventJournal.Decode(first)));
        Assert.Equal(Json(shorter), Json(EventJournal.Decode(second)));
        Assert.Equal(OnANewThread(() => EventJournal.Encode(shorter)), second);
    }

    private static T OnANewThread<T>(Func<T> work)
    {
        var result = default(T);
        var thread = new Thread(() => result = work());
        thread.Start();
        thread.Join();
        return result!;
    }

    [Fact]
    public void Decoded_journal_entries_share_item_ids_categories_and_brands_but_not_search_texts()
    {
        var encoded = EventJournal.Encode(
        [
            new(EventType.View, T0, "sku-pool-1", ["shoes", "Ünïcode-category"], "Ünïcode brand"),
            new(EventType.Search, T0.AddSeconds(1), Query: "red shoes"),
        ]);

        var first = EventJournal.Decode(encoded);
        var second = EventJournal.Decode(encoded);

        Assert.Equal(["shoes", "Ünïcode-category"], second[0].Categories!);
        Assert.Same(first[0].ItemId, second[0].ItemId);
        Assert.Same(first[0].Categories![1], second[0].Categories![1]);
        Assert.Same(first[0].Brand, second[0].Brand);
        Assert.Same(StringPool.Shared.Intern("sku-pool-1"), second[0].ItemId);
        Assert.Equal(first[1].Query, second[1].Query);
        Assert.NotSame(first[1].Query, second[1].Query);
    }

    [Fact]
    public void A_replayed_entry_builds_the_same_profile_as_tracking_its_events()
    {
        BehaviourEvent[] events =
        [
            View("sku-1", "shoes", "acme"),
            new(EventType.View, T0.AddMinutes(1), "sku-2", ["shoes", "trail", "sale"], "globex"),
            AddToCart("sku-1", 89.9m, quantity: 2, minutes: 2),
            new(EventType.RemoveFromCart, T0.AddMinutes(3), "sku-1", Quantity: 1),
            Purchase("sku-2", 120.5m, "order-7", minutes: 4) with { DecisionId = "d1_x" },
            new(EventType.Search, T0.AddMinutes(5), Query: "red shoes"),
            new(EventType.Custom, T0.AddMinutes(6), Name: "newsletter_open", Value: 0m),
            new(EventType.EmailOpen, T0.AddMinutes(7)),
        ];
        var tracked = ConsentingProfile();
        tracked.Track(events);

        var recorded = JournalReplay.Decode(EventJournal.Encode(events), out var receipt);
        var replayed = ConsentingProfile();
        replayed.Replay(recorded);

        var now = T0.AddHours(1);
        Assert.Null(receipt);
        Assert.Equal(events.Length, recorded.Length);
        Assert.Equal(Json(tracked.ToSnapshot("c", now)), Json(replayed.ToSnapshot("c", now)));
        Assert.Equal(Json(tracked.ToView("c", now)), Json(replayed.ToView("c", now)));
    }

    [Fact]
    public void Single_event_entries_replayed_one_after_another_build_the_same_profile_as_tracking_them()
    {
        BehaviourEvent[] events =
        [
            new(EventType.View, T0, "sku-1", ["shoes", "trail"], "acme"),
            new(EventType.View, T0.AddMinutes(1), "sku-2", ["bags"], "globex"),
            new(EventType.Search, T0.AddMinutes(2), Query: "red shoes"),
            new(EventType.Click, T0.AddMinutes(3), "sku-3", ["shoes", "sale", "kids"]),
        ];
        var tracked = ConsentingProfile();
        tracked.Track(events);

        var replayed = ConsentingProfile();
        foreach (var e in events)
        {
            replayed.Replay(JournalReplay.Decode(EventJournal.Encode([e]), out _));
        }

        var now = T0.AddHours(1);
        Assert.Equal(Json(tracked.ToSnapshot("c", now)), Json(replayed.ToSnapshot("c", now)));
    }

    [Fact]
    public void A_truncated_journal_entry_is_reported_as_invalid_data()
    {
        var encoded = EventJournal.Encode(
        [
            new(EventType.Purchase, T0, "sku-1", ["shoes"], "acme", 12.5m, 2, OrderId: "o-1"),
            new(EventType.Search, T0.AddSeconds(1), Query: "boots"),
        ], new EventBatchReceipt("key-1", 42, 2));

        Assert.Equal(2, EventJournal.Decode(encoded).Length);
        for (var length = 0; length < encoded.Length; length++)
        {
            Assert.Throws<InvalidDataException>(() => EventJournal.Decode(encoded.AsMemory(0, length)));
        }
    }

    [Theory]
    [InlineData(new byte[] { 1, 0xFF, 0xFF, 0xFF, 0xFF, 0x07 })] // 2^31 - 1 events in an entry of 6 bytes
    [InlineData(new byte[] { 1, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F })] // a count that reads as negative
    [InlineData(new byte[] { 1, 1, 1, 0, 2, 0xFF, 0xFF, 0xFF, 0xFF, 0x07 })] // one view claiming 2^31 - 1 categories
    public void A_journal_entry_claiming_more_than_it_holds_is_reported_as_invalid_data(byte[] entry)
    {
        Assert.Throws<InvalidDataException>(() => EventJournal.Decode(entry));
        Assert.Throws<InvalidDataException>(() => JournalReplay.Decode(entry, out _).Length);
    }

    [Fact]
    public async Task Acknowledged_events_survive_a_silo_abandoned_without_deactivation()
    {
        var crashed = await StartAsync(clock: Frozen);
        var grain = crashed.Grains.GetGrain<ICustomerGrain>("abandoned");
        await grain.ChangeConsentsAsync(Grant(ConsentPurpose.Analytics, ConsentPurpose.Personalization));
        for (var i = 0; i < 12; i++)
        {
            await grain.TrackEventsAsync([View($"sku-{i}", minutes: i), AddToCart($"sku-{i}", 5m, minutes: i)]);
        }

        var before = await grain.GetProfileAsync();
        Assert.Equal(12, await JournalLengthAsync("abandoned"));

        // Simulated crash: the services go away without stopping the silo, so no grain is deactivated or flushed.
        await crashed.AbandonAsync();
        Assert.Equal(12, await JournalLengthAsync("abandoned"));
        await using var restarted = await StartAsync(clock: Frozen);

        var after = await restarted.Grains.GetGrain<ICustomerGrain>("abandoned").GetProfileAsync();
        Assert.Equal(24, after.EventCount);
        Assert.Equal(Json(before with { Segments = null }), Json(after with { Segments = null }));
    }

    [Fact]
    public async Task A_restart_replays_the_appends_made_after_the_last_snapshot()
    {
        Action<CustomerProfileOptions> options = o => o.JournalSnapshotEvery = 3;
        var crashed = await StartAsync(options, clock: Frozen);
        var grain = crashed.Grains.GetGrain<ICustomerGrain>("replayed");
        await grain.ChangeConsentsAsync(Grant(ConsentPurpose.Analytics, ConsentPurpose.Personalization));
        await grain.SetContextAsync(new CustomerContext(Device: "mobile", SessionId: "s-1"));
        // 3 appends, a snapshot, 3 appends, a snapshot, then 2 more appends.
        for (var i = 0; i < 10; i++)
        {
            await grain.TrackEventsAsync([View($"sku-{i}", category: $"c{i % 3}", minutes: i), Purchase($"sku-{i}", 10m + i, $"o-{i}", minutes: i)]);
        }

        var before = await grain.GetProfileAsync();
        Assert.Equal(2, await JournalLengthAsync("replayed"));

        await crashed.AbandonAsync();
        Assert.Equal(2, await JournalLengthAsync("replayed"));
        await using var restarted = await StartAsync(options, clock: Frozen);
        var after = await restarted.Grains.GetGrain<ICustomerGrain>("replayed").GetProfileAsync();

        Assert.Equal(20, after.EventCount);
        Assert.Equal(10, after.Purchases.OrderCount);
        Assert.Equal(10, after.Session!.PageCount);
        Assert.Equal(Json(before with { Segments = null }), Json(after with { Segments = null }));
    }

    [Theory]
    [InlineData(true, JsonValueKind.String)]
    [InlineData(false, JsonValueKind.Array)]
    public async Task A_snapshot_restores_every_event_field_whichever_form_it_stores_the_events_in(bool encode, JsonValueKind stored)
    {
        Action<CustomerProfileOptions> options = o => (o.JournalSnapshotEvery, o.EncodeSnapshotEvents) = (1, encode);
        var first = await StartAsync(options, clock: Frozen);
        var grain = first.Grains.GetGrain<ICustomerGrain>("snapshotted");
        await grain.ChangeConsentsAsync(Grant(ConsentPurpose.Analytics, ConsentPurpose.Personalization));
        await grain.TrackEventsAsync(
        [
            new(EventType.View, T0, "sku-1", ["shoes", "trail ünïcode"], "acme"),
            new(EventType.AddToCart, T0.AddMinutes(1), "sku-1", ["shoes"], "acme", 12.34m, 3),
            new(EventType.Purchase, T0.AddMinutes(2), "sku-1", ["shoes"], "acme", 37.02m, 1, OrderId: "o-1"),
            new(EventType.Search, T0.AddMinutes(3), Query: "red \"quoted\" shoes"),
            new(EventType.Custom, T0.AddMinutes(4), Name: "newsletter_open"),
        ]);
        var before = await grain.GetProfileAsync();
        await first.DisposeAsync();
        Assert.Equal(0, await JournalLengthAsync("snapshotted"));
        var record = await StoredProfileRows.StateAsync(DatabasePath, "snapshotted");
        Assert.Equal(stored, JsonDocument.Parse(record!).RootElement.GetProperty("profile").GetProperty("events").ValueKind);

        await using var restarted = await StartAsync(options, clock: Frozen);
        var after = await restarted.Grains.GetGrain<ICustomerGrain>("snapshotted").GetProfileAsync();

        Assert.Equal(5, after.RecentEvents.Count);
        Assert.Equal(Json(before with { Segments = null }), Json(after with { Segments = null }));
    }

    [Fact]
    public async Task A_silo_that_encodes_snapshot_events_reads_the_records_written_before_it_did()
    {
        var before = await StartAsync(o => (o.JournalSnapshotEvery, o.EncodeSnapshotEvents) = (1, false), clock: Frozen);
        var grain = before.Grains.GetGrain<ICustomerGrain>("upgraded");
        await grain.ChangeConsentsAsync(Grant(ConsentPurpose.Analytics, ConsentPurpose.Personalization));
        await grain.TrackEventsAsync([View("sku-1", minutes: 0), View("sku-2", minutes: 1)]);
        await before.DisposeAsync();

        await using var upgraded = await StartAsync(o => o.JournalSnapshotEvery = 1, clock: Frozen);
        grain = upgraded.Grains.GetGrain<ICustomerGrain>("upgraded");
        Assert.Equal(["sku-1", "sku-2"], (await grain.GetProfileAsync()).RecentEvents.Select(e => e.ItemId));
        await grain.TrackEventsAsync([View("sku-3", minutes: 2)]);

        var record = JsonDocument.Parse((await StoredProfileRows.StateAsync(DatabasePath, "upgraded"))!);
        Assert.Equal(JsonValueKind.String, record.RootElement.GetProperty("profile").GetProperty("events").ValueKind);
        Assert.Equal(["sku-1", "sku-2", "sku-3"], (await grain.GetProfileAsync()).RecentEvents.Select(e => e.ItemId));
    }

    [Fact]
    public async Task An_idle_activation_folds_its_journal_into_a_snapshot()
    {
        await using var silo = await StartAsync(idleAfter: TimeSpan.FromMilliseconds(200));
        var grain = silo.Grains.GetGrain<ICustomerGrain>("folded");
        await grain.ChangeConsentsAsync(Grant(ConsentPurpose.Analytics));
        await grain.TrackEventsAsync([View("sku-1")]);
        await grain.TrackEventsAsync([View("sku-2")]);
        Assert.Equal(2, await JournalLengthAsync("folded"));

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await JournalLengthAsync("folded") > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the idle activation did not fold its journal");
            await Task.Delay(50);
        }

        var profile = await grain.GetProfileAsync();
        Assert.Equal(["sku-1", "sku-2"], profile.RecentEvents.Select(e => e.ItemId));
    }

    [Fact]
    public async Task Under_memory_pressure_Orleans_sheds_activations_and_each_folds_its_journal_first()
    {
        // A limit far below what any process uses: Orleans sheds activations at every poll.
        await using var silo = await StartAsync(collection: o =>
        {
            o.EnableActivationSheddingOnMemoryPressure = true;
            o.MemoryUsageLimitPercentage = 0.02;
            o.MemoryUsageTargetPercentage = 0.01;
            o.MemoryUsagePollingPeriod = TimeSpan.FromMilliseconds(100);
        });
        var customers = Enumerable.Range(0, 20).Select(i => $"shed-{i}").ToArray();
        foreach (var customer in customers)
        {
            var grain = silo.Grains.GetGrain<ICustomerGrain>(customer);
            await grain.ChangeConsentsAsync(Grant(ConsentPurpose.Analytics));
            await grain.TrackEventsAsync([View($"{customer}-sku")]);
        }

        // Each shed activation folds its journal into a snapshot before it goes. Orleans sheds at most once per
        // full (gen 2) collection, so the test causes them instead of waiting for the GC to decide.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await Task.WhenAll(customers.Select(JournalLengthAsync))).Any(length => length > 0))
        {
            Assert.True(DateTime.UtcNow < deadline, "shed activations did not fold their journals");
            GC.Collect();
            await Task.Delay(50);
        }

        foreach (var customer in customers)
        {
            Assert.Equal($"{customer}-sku", Assert.Single((await silo.Grains.GetGrain<ICustomerGrain>(customer).GetProfileAsync()).RecentEvents).ItemId);
        }
    }

    [Fact]
    public async Task Revoking_analytics_consent_purges_the_journal_from_the_store_files()
    {
        var marker = $"journal-revoke-{Guid.NewGuid():N}";
        await using var silo = await StartAsync();
        var grain = silo.Grains.GetGrain<ICustomerGrain>("revoker");
        await grain.ChangeConsentsAsync(Grant(ConsentPurpose.Analytics, ConsentPurpose.Personalization));
        await grain.TrackEventsAsync([View(marker, category: marker)]);
        await grain.TrackEventsAsync([new BehaviourEvent(EventType.Search, T0, Query: marker)]);
        Assert.True(RawFiles.Contain(DatabasePath, marker));

        await grain.ChangeConsentsAsync(Deny(ConsentPurpose.Analytics));

        Assert.Equal(0, await JournalLengthAsync("revoker"));
        Assert.False(RawFiles.Contain(DatabasePath, marker), "the purged events are still in the .db or -wal bytes");
        Assert.Empty((await grain.GetProfileAsync()).RecentEvents);
    }

    [Fact]
    public async Task Erasure_leaves_no_journal_entry_in_the_store_files()
    {
        var marker = $"journal-erase-{Guid.NewGuid():N}";
        await using var silo = await StartAsync();
        var grain = silo.Grains.GetGrain<ICustomerGrain>("erased");
        await grain.ChangeConsentsAsync(Grant(ConsentPurpose.Analytics));
        await grain.TrackEventsAsync([View(marker)]);
        Assert.True(RawFiles.Contain(DatabasePath, marker));

        await grain.EraseAsync();

        Assert.False(await RecordExistsAsync("erased"));
        Assert.False(RawFiles.Contain(DatabasePath, marker), "the erased events are still in the .db or -wal bytes");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Withdrawn_consent_and_erasure_leave_no_trace_of_events_kept_in_a_snapshot(bool erase)
    {
        var marker = $"snapshot-erase-{Guid.NewGuid():N}";
        await using var silo = await StartAsync(o => o.JournalSnapshotEvery = 1);
        var grain = silo.Grains.GetGrain<ICustomerGrain>("snapshot-erased");
        await grain.ChangeConsentsAsync(Grant(ConsentPurpose.Analytics));
        await grain.TrackEventsAsync([View(marker), new BehaviourEvent(EventType.Search, T0, Query: marker)]);
        Assert.Equal(0, await JournalLengthAsync("snapshot-erased"));
        Assert.True(RawFiles.Contain(DatabasePath, marker), "the marker is not found in the encoded snapshot");

        await (erase ? grain.EraseAsync() : grain.ChangeConsentsAsync(Deny(ConsentPurpose.Analytics)));

        Assert.False(RawFiles.Contain(DatabasePath, marker), "the events are still in the .db or -wal bytes");
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>Profile views decay affinities to the time of the read: comparing two reads needs one point in time.</summary>
    private static readonly TimeProvider Frozen = new FrozenClock(T0.AddDays(1));

    private Task<TestSilo> StartAsync(Action<CustomerProfileOptions>? configure = null, TimeSpan? idleAfter = null, TimeProvider? clock = null,
        Action<GrainCollectionOptions>? collection = null) =>
        TestSilo.StartAsync(DatabasePath, new TestSiloOptions { Customers = configure, CollectionAge = idleAfter, Clock = clock, Collection = collection, ProfilesOnly = true });

    /// <summary>Whether the store has a record of the customer's profile, read straight from the SQLite file.</summary>
    private async Task<bool> RecordExistsAsync(string customerId) => await StoredProfileRows.CountAsync(DatabasePath, "grain_state", customerId) > 0;

    private Task<long> JournalLengthAsync(string customerId) => StoredProfileRows.JournalLengthAsync(DatabasePath, customerId);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, JsonOptions);

    private sealed class FrozenClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
