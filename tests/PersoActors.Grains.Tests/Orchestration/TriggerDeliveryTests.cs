using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Grains.Interfaces.Orchestration;
using PersoActors.Grains.Orchestration;
using PersoActors.Grains.Tests.Infrastructure;
using PersoActors.Tests.Shared;

namespace PersoActors.Grains.Tests.Orchestration;

/// <summary>Triggers end to end on a real silo (SQLite state and reminders) against a real Kestrel webhook receiver.
/// Due times run on a fake orchestration clock, so delays are deterministic and nothing sleeps.</summary>
public sealed class TriggerDeliveryTests : IAsyncLifetime
{
    private const string Secret = "test-secret";
    private static readonly TimeSpan Delay = TimeSpan.FromMinutes(30);

    private readonly TempDirectory directory = new();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private WebhookReceiver receiver = null!;
    private TestSilo silo = null!;

    public async Task InitializeAsync()
    {
        receiver = await WebhookReceiver.StartAsync();
        silo = await TestSilo.StartAsync(directory.File("state.db"), new TestSiloOptions
        {
            OrchestrationClock = clock,
            Orchestration = o =>
            {
                o.Destinations["crm"] = new WebhookDestination { Url = receiver.Url, Secret = Secret, MaxConcurrency = 2 };
                o.TriggerRefreshInterval = TimeSpan.Zero;
                o.InitialBackoff = TimeSpan.FromSeconds(10);
                o.MaxAttempts = 3;
            },
        });
        await silo.Grains.GetGrain<ITriggerConfigGrain>(TriggerCatalog.Key).PutTriggerAsync(new TriggerDefinition(
            "abandoned-cart", [new TriggerEvent(EventType.AddToCart)], Delay, "email", "crm",
            ExitOn: [new TriggerEvent(EventType.Purchase)], RequireCart: true, Cap: new TriggerCap(OncePerCart: true),
            Payload: new TriggerPayload(IncludeCart: true, OfferCode: "COMEBACK10")));
    }

    public async Task DisposeAsync()
    {
        await silo.DisposeAsync();
        await receiver.DisposeAsync();
        directory.Dispose();
    }

    [Fact]
    public async Task An_abandoned_cart_produces_exactly_one_signed_message_after_the_delay()
    {
        var customer = await ConsentingCustomerAsync("alice");
        await AddToCartAsync(customer, "sku-1");

        clock.Advance(Delay - TimeSpan.FromMinutes(1));
        await customer.DeliverDueMessagesAsync();
        Assert.Equal(0, receiver.Count);

        clock.Advance(TimeSpan.FromMinutes(1));
        var webhook = await receiver.NextAsync();

        Assert.True(WebhookSignature.Verify(Secret, webhook.Signature, webhook.Body, clock.GetUtcNow(), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("other-secret", webhook.Signature, webhook.Body, clock.GetUtcNow(), TimeSpan.FromMinutes(5)));
        using var body = JsonDocument.Parse(webhook.Body);
        var root = body.RootElement;
        Assert.Equal("alice", root.GetProperty("customerId").GetString());
        Assert.Equal("abandoned-cart", root.GetProperty("triggerId").GetString());
        Assert.Equal("COMEBACK10", root.GetProperty("offerCode").GetString());
        Assert.Equal("sku-1", root.GetProperty("cart").GetProperty("lines")[0].GetProperty("itemId").GetString());
        Assert.Equal(root.GetProperty("messageId").GetString(), webhook.IdempotencyKey);
        Assert.StartsWith("d1_", root.GetProperty("decisionId").GetString());

        var message = Assert.Single(await customer.GetMessagesAsync());
        Assert.Equal(MessageStatus.Delivered, message.Status);
        Assert.Equal(webhook.IdempotencyKey, message.Id);

        clock.Advance(TimeSpan.FromDays(1));
        await AddToCartAsync(customer, "sku-2"); // same cart, capped once per cart
        clock.Advance(Delay * 2);
        await customer.DeliverDueMessagesAsync();
        Assert.Equal(1, receiver.Count);
    }

    [Fact]
    public async Task A_purchase_before_the_delay_cancels_the_pending_message()
    {
        var customer = await ConsentingCustomerAsync("bob");
        await AddToCartAsync(customer, "sku-1");
        clock.Advance(TimeSpan.FromMinutes(10));
        await customer.TrackEventsAsync([new BehaviourEvent(EventType.Purchase, DateTimeOffset.UtcNow, "sku-1", Value: 10m, OrderId: "o-1")]);

        clock.Advance(Delay * 2);
        await customer.DeliverDueMessagesAsync();

        Assert.Equal(0, receiver.Count);
        var message = Assert.Single(await customer.GetMessagesAsync());
        Assert.Equal(MessageStatus.Cancelled, message.Status);
        Assert.Equal("exit_on_purchase", message.Reason);
    }

    [Fact]
    public async Task Without_marketing_consent_nothing_is_sent_and_the_reason_is_recorded()
    {
        var customer = silo.Grains.GetGrain<ICustomerGrain>("carol");
        await customer.ChangeConsentsAsync(new ConsentChange([new ConsentDecision(ConsentPurpose.Analytics, true)], "test", false));
        await customer.PatchPreferencesAsync(new PreferencesPatch { AcceptedChannels = ["email"] });
        await AddToCartAsync(customer, "sku-1");

        clock.Advance(Delay);
        await customer.DeliverDueMessagesAsync();

        Assert.Equal(0, receiver.Count);
        var message = Assert.Single(await customer.GetMessagesAsync());
        Assert.Equal(MessageStatus.Skipped, message.Status);
        Assert.Equal("no_marketing_consent", message.Reason);
    }

    [Fact]
    public async Task A_receiver_answering_500_then_200_gets_the_message_once_more_with_the_same_idempotency_key_and_body()
    {
        var customer = await ConsentingCustomerAsync("dave");
        await AddToCartAsync(customer, "sku-1");
        receiver.AnswerNext(500);

        clock.Advance(Delay);
        var first = await receiver.NextAsync();
        var pending = Assert.Single(await customer.GetMessagesAsync());
        Assert.Equal(MessageStatus.Scheduled, pending.Status);
        Assert.Equal("HTTP 500", pending.Reason);

        clock.Advance(TimeSpan.FromSeconds(13)); // backoff 10 s + at most 20% jitter
        var second = await receiver.NextAsync();

        Assert.Equal((500, 200), (first.AnsweredWith, second.AnsweredWith));
        Assert.Equal(first.IdempotencyKey, second.IdempotencyKey);
        Assert.Equal(first.Body, second.Body);
        var delivered = Assert.Single(await customer.GetMessagesAsync());
        Assert.Equal((MessageStatus.Delivered, 2), (delivered.Status, delivered.Attempts));
        Assert.Equal(2, receiver.Count);
    }

    [Fact]
    public async Task A_message_failing_every_attempt_is_dead_lettered_and_an_operator_retry_delivers_it()
    {
        var customer = await ConsentingCustomerAsync("erin");
        await AddToCartAsync(customer, "sku-1");
        receiver.AnswerNext(503, 503, 503);

        clock.Advance(Delay);
        await receiver.NextAsync();
        await customer.GetMessagesAsync();
        clock.Advance(TimeSpan.FromSeconds(13));
        await receiver.NextAsync();
        await customer.GetMessagesAsync();
        clock.Advance(TimeSpan.FromSeconds(25));
        await receiver.NextAsync();

        var dead = Assert.Single(await customer.GetMessagesAsync());
        Assert.Equal((MessageStatus.DeadLettered, 3), (dead.Status, dead.Attempts));
        var deadLetters = silo.Grains.GetGrain<IDeadLetterGrain>(TriggerCatalog.Key);
        var listed = Assert.Single(await deadLetters.ListAsync());
        Assert.Equal(("erin", dead.Id), (listed.CustomerId, listed.MessageId));

        Assert.True(await customer.RetryMessageAsync(dead.Id));
        var retried = await receiver.NextAsync();

        Assert.Equal(dead.Id, retried.IdempotencyKey);
        Assert.Equal(MessageStatus.Delivered, Assert.Single(await customer.GetMessagesAsync()).Status);
        Assert.Empty(await deadLetters.ListAsync());
        Assert.False(await customer.DiscardMessageAsync(dead.Id));
    }

    [Fact]
    public async Task Export_lists_the_outbox_and_erasure_removes_pending_messages_so_nothing_is_delivered()
    {
        var customer = await ConsentingCustomerAsync("frank-outbox-marker");
        await AddToCartAsync(customer, "sku-1");
        var exported = await customer.ExportAsync();
        var pending = Assert.Single(exported.Messages!);
        Assert.Equal(MessageStatus.Scheduled, pending.Status);

        await customer.EraseAsync();
        clock.Advance(Delay * 2);
        await customer.DeliverDueMessagesAsync();

        Assert.Equal(0, receiver.Count);
        Assert.Empty(await customer.GetMessagesAsync());
        Assert.Empty((await customer.ExportAsync()).Messages!);
        // Neither the outbox (in the state record) nor the reminder row (it names the grain) leaves a byte behind.
        Assert.False(RawFiles.Contain(directory.File("state.db"), "frank-outbox-marker"));
    }

    [Fact]
    public async Task Withdrawing_marketing_consent_cancels_a_pending_message()
    {
        var customer = await ConsentingCustomerAsync("gina");
        await AddToCartAsync(customer, "sku-1");
        await customer.ChangeConsentsAsync(new ConsentChange([new ConsentDecision(ConsentPurpose.Marketing, false)], "test", false));

        clock.Advance(Delay * 2);
        await customer.DeliverDueMessagesAsync();

        Assert.Equal(0, receiver.Count);
        var message = Assert.Single(await customer.GetMessagesAsync());
        Assert.Equal((MessageStatus.Cancelled, "consent_withdrawn"), (message.Status, message.Reason));
    }

    [Fact]
    public async Task A_message_due_at_22_30_local_inside_quiet_hours_is_delivered_at_08_00_local_not_before()
    {
        await silo.Grains.GetGrain<ITriggerConfigGrain>(TriggerCatalog.Key).PutTriggerAsync(new TriggerDefinition(
            "welcome", [new TriggerEvent(EventType.Custom, "signup")], Delay, "email", "crm",
            QuietHours: new QuietHours("21:00", "08:00")));
        var customer = await ConsentingCustomerAsync("hana");
        await customer.SetContextAsync(new CustomerContext(TimeZone: "Europe/Warsaw")); // UTC+1 in December
        clock.Advance(TimeSpan.FromHours(9)); // 21:00 UTC, 22:00 in Warsaw
        await customer.TrackEventsAsync([new BehaviourEvent(EventType.Custom, DateTimeOffset.UtcNow, Name: "signup")]);

        clock.Advance(Delay); // due 22:30 in Warsaw
        await customer.DeliverDueMessagesAsync();
        var deferred = Assert.Single(await customer.GetMessagesAsync());
        Assert.Equal((MessageStatus.Scheduled, "quiet_hours"), (deferred.Status, deferred.Reason));
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 7, 0, 0, TimeSpan.Zero), deferred.DueAt); // 08:00 in Warsaw

        clock.Advance(TimeSpan.FromHours(9.5) - TimeSpan.FromMinutes(1)); // 07:59 in Warsaw
        await customer.DeliverDueMessagesAsync();
        Assert.Equal(0, receiver.Count);

        clock.Advance(TimeSpan.FromMinutes(1));
        var webhook = await receiver.NextAsync();

        Assert.Equal(new DateTimeOffset(2026, 12, 2, 7, 0, 0, TimeSpan.Zero), clock.GetUtcNow());
        Assert.Equal(deferred.Id, webhook.IdempotencyKey);
        Assert.Equal(MessageStatus.Delivered, Assert.Single(await customer.GetMessagesAsync()).Status);
    }

    private async Task<ICustomerGrain> ConsentingCustomerAsync(string id)
    {
        var customer = silo.Grains.GetGrain<ICustomerGrain>(id);
        await customer.ChangeConsentsAsync(new ConsentChange(
            [new ConsentDecision(ConsentPurpose.Analytics, true), new ConsentDecision(ConsentPurpose.Marketing, true)], "test", false));
        await customer.PatchPreferencesAsync(new PreferencesPatch { AcceptedChannels = ["email"] });
        return customer;
    }

    private static Task<TrackEventsResult> AddToCartAsync(ICustomerGrain customer, string itemId) =>
        customer.TrackEventsAsync([new BehaviourEvent(EventType.AddToCart, DateTimeOffset.UtcNow, itemId, Value: 19.9m, Quantity: 1)]);
}
