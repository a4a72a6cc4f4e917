using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Grains.Interfaces.Decisions;
using PersoActors.Grains.Interfaces.Orchestration;
using PersoActors.Grains.Orchestration;

namespace PersoActors.Grains.Tests.Orchestration;

/// <summary>Triggers on conditions over the profile rather than on one event: "lapsed N days" and "segment entered",
/// on a real silo (SQLite) delivering to a real Kestrel receiver, with a fake orchestration clock.</summary>
public sealed class ProfileConditionTriggerTests : IAsyncLifetime
{
    private static readonly TimeSpan SegmentDelay = TimeSpan.FromMinutes(10);

    private OrchestrationSilo harness = null!;

    private ITriggerConfigGrain Triggers => harness.Silo.Grains.GetGrain<ITriggerConfigGrain>(TriggerCatalog.Key);

    public async Task InitializeAsync() => harness = await OrchestrationSilo.StartAsync("secret");

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task A_lapse_trigger_sends_after_N_quiet_days_and_any_activity_restarts_the_count()
    {
        await Triggers.PutTriggerAsync(new TriggerDefinition("win-back", [], TimeSpan.Zero, "email", "crm", LapsedDays: 60));
        var customer = await harness.ConsentingCustomerAsync("lapsing");
        await TrackAsync(customer, new BehaviourEvent(EventType.View, DateTimeOffset.UtcNow, "sku-1"));
        var started = harness.Clock.GetUtcNow();
        Assert.Equal(started.AddDays(60), Assert.Single(await customer.GetMessagesAsync()).DueAt);

        harness.Clock.Advance(TimeSpan.FromDays(59));
        await TrackAsync(customer, new BehaviourEvent(EventType.Search, DateTimeOffset.UtcNow, Query: "shoes"));
        harness.Clock.Advance(TimeSpan.FromDays(2)); // 61 days after the first visit, 2 after the last
        await customer.DeliverDueMessagesAsync();
        Assert.Equal(0, harness.Receiver.Count);
        var moved = Assert.Single(await customer.GetMessagesAsync());
        Assert.Equal((MessageStatus.Scheduled, started.AddDays(119)), (moved.Status, moved.DueAt));

        harness.Clock.Advance(TimeSpan.FromDays(58)); // 60 quiet days (the wake-ups on the way are at most 30 days apart)
        await customer.DeliverDueMessagesAsync();
        var webhook = await harness.Receiver.NextAsync();

        Assert.Equal(moved.Id, webhook.IdempotencyKey);
        Assert.Equal(MessageStatus.Delivered, Assert.Single(await customer.GetMessagesAsync()).Status);
    }

    [Fact]
    public async Task A_first_seen_trigger_welcomes_a_customer_once_after_their_first_event()
    {
        await Triggers.PutTriggerAsync(new TriggerDefinition("welcome", [], TimeSpan.FromMinutes(5), "email", "crm", FirstSeen: true));
        var customer = await harness.ConsentingCustomerAsync("newcomer");
        await TrackAsync(customer, new BehaviourEvent(EventType.View, DateTimeOffset.UtcNow, "sku-1"));
        await TrackAsync(customer, new BehaviourEvent(EventType.View, DateTimeOffset.UtcNow, "sku-2"));
        var welcome = Assert.Single(await customer.GetMessagesAsync());
        Assert.Equal(harness.Clock.GetUtcNow().AddMinutes(5), welcome.DueAt);

        harness.Clock.Advance(TimeSpan.FromMinutes(5));
        await customer.DeliverDueMessagesAsync();
        Assert.Equal(welcome.Id, (await harness.Receiver.NextAsync()).IdempotencyKey);
        await TrackAsync(customer, new BehaviourEvent(EventType.View, DateTimeOffset.UtcNow, "sku-3"));

        Assert.Equal(MessageStatus.Delivered, Assert.Single(await customer.GetMessagesAsync()).Status);
    }

    [Fact]
    public async Task A_segment_trigger_fires_once_per_entry_and_leaving_cancels_the_pending_message()
    {
        await harness.Silo.Grains.GetGrain<IDecisionConfigGrain>("default")
            .PutSegmentAsync(new SegmentDefinition("big_cart", DefaultSegments.Leaf("cart.value", "gte", 100)));
        await harness.Silo.Snapshots.RefreshAsync();
        await Triggers.PutTriggerAsync(new TriggerDefinition("big-cart", [], SegmentDelay, "email", "crm", SegmentEntered: "big_cart"));
        var customer = await harness.ConsentingCustomerAsync("shopper");

        await AddToCartAsync(customer, "sku-1", 60m);
        Assert.Empty(await customer.GetMessagesAsync());

        await AddToCartAsync(customer, "sku-2", 50m); // 110: enters
        await AddToCartAsync(customer, "sku-3", 10m); // 120: still inside, no second message
        var first = Assert.Single(await customer.GetMessagesAsync());
        Assert.Equal(MessageStatus.Scheduled, first.Status);

        await TrackAsync(customer, new BehaviourEvent(EventType.RemoveFromCart, DateTimeOffset.UtcNow, "sku-2", Quantity: 1)); // 70: leaves
        var cancelled = Assert.Single(await customer.GetMessagesAsync());
        Assert.Equal((MessageStatus.Cancelled, "segment_left"), (cancelled.Status, cancelled.Reason));

        await AddToCartAsync(customer, "sku-4", 40m); // 110: enters again
        harness.Clock.Advance(SegmentDelay);
        var webhook = await harness.Receiver.NextAsync();

        var messages = await customer.GetMessagesAsync();
        Assert.Equal(2, messages.Count);
        Assert.Equal((MessageStatus.Delivered, webhook.IdempotencyKey), (messages[0].Status, messages[0].Id));
        await AddToCartAsync(customer, "sku-5", 5m); // still inside after the delivery: nothing new
        Assert.Equal(2, (await customer.GetMessagesAsync()).Count);
        Assert.Equal(1, harness.Receiver.Count);
    }

    [Fact]
    public async Task A_trigger_naming_an_unknown_segment_or_two_kinds_is_rejected_naming_the_field()
    {
        var unknown = await Assert.ThrowsAsync<DecisionValidationException>(() =>
            Triggers.PutTriggerAsync(new TriggerDefinition("t1", [], TimeSpan.Zero, "email", "crm", SegmentEntered: "no_such_segment")));
        Assert.Contains(unknown.Errors, e => e.Field == "segmentEntered");

        var both = await Assert.ThrowsAsync<DecisionValidationException>(() =>
            Triggers.PutTriggerAsync(new TriggerDefinition("t2", [new TriggerEvent(EventType.View)], TimeSpan.Zero, "email", "crm", LapsedDays: 0)));
        Assert.Equal(2, both.Errors.Count(e => e.Field == "lapsedDays"));

        var none = await Assert.ThrowsAsync<DecisionValidationException>(() =>
            Triggers.PutTriggerAsync(new TriggerDefinition("t3", [], TimeSpan.Zero, "email", "crm")));
        Assert.Contains(none.Errors, e => e.Field == "startOn");
        Assert.Empty((await Triggers.GetConfigAsync()).Triggers);
    }

    private static Task<TrackEventsResult> AddToCartAsync(ICustomerGrain customer, string itemId, decimal value) =>
        TrackAsync(customer, new BehaviourEvent(EventType.AddToCart, DateTimeOffset.UtcNow, itemId, Value: value, Quantity: 1));

    private static Task<TrackEventsResult> TrackAsync(ICustomerGrain customer, BehaviourEvent e) => customer.TrackEventsAsync([e]);
}
