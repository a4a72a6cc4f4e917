using System.Text.Json;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Grains.Interfaces.Orchestration;
using PersoActors.Grains.Orchestration;
using PersoActors.Tests.Shared;

namespace PersoActors.Grains.Tests.Orchestration;

/// <summary>Triggers end to end on a real silo (SQLite state and reminders) against a real Kestrel webhook receiver.
/// Due times run on a fake orchestration clock, so delays are deterministic and nothing sleeps.</summary>
public sealed class TriggerDeliveryTests : IAsyncLifetime
{
    private const string Secret = "test-secret";
    private static readonly TimeSpan Delay = TimeSpan.FromMinutes(30);

    private OrchestrationSilo harness = null!;

    public async Task InitializeAsync()
    {
        harness = await OrchestrationSilo.StartAsync(Secret, o =>
        {
            o.Destinations["crm"].MaxConcurrency = 2;
            o.InitialBackoff = TimeSpan.FromSeconds(10);
            o.MaxAttempts = 3;
        });
        await harness.Silo.Grains.GetGrain<ITriggerConfigGrain>(TriggerCatalog.Key).PutTriggerAsync(new TriggerDefinition(
            "abandoned-cart", [new TriggerEvent(EventType.AddToCart)], Delay, "email", "crm",
            ExitOn: [new TriggerEvent(EventType.Purchase)], RequireCart: true, Cap: new TriggerCap(OncePerCart: true),
            Payload: new TriggerPayload(IncludeCart: true, OfferCode: "COMEBACK10")));
    }

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task An_abandoned_cart_produces_exactly_one_signed_message_after_the_delay()
    {
        var customer = await harness.ConsentingCustomerAsync("alice");
        await AddToCartAsync(customer, "sku-1");

        harness.Clock.Advance(Delay - TimeSpan.FromMinutes(1));
        await customer.DeliverDueMessagesAsync();
        Assert.Equal(0, harness.Receiver.Count);

        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        var webhook = await harness.Receiver.NextAsync();

        Assert.True(WebhookSignature.Verify(Secret, webhook.Signature, webhook.Body, harness.Clock.GetUtcNow(), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("other-secret", webhook.Signature, webhook.Body, harness.Clock.GetUtcNow(), TimeSpan.FromMinutes(5)));
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

        harness.Clock.Advance(TimeSpan.FromDays(1));
        await AddToCartAsync(customer, "sku-2"); // same cart, capped once per cart
        harness.Clock.Advance(Delay * 2);
        await customer.DeliverDueMessagesAsync();
        Assert.Equal(1, harness.Receiver.Count);
    }

    [Fact]
    public async Task A_purchase_before_the_delay_cancels_the_pending_message()
    {
        var customer = await harness.ConsentingCustomerAsync("bob");
        await AddToCartAsync(customer, "sku-1");
        harness.Clock.Advance(TimeSpan.FromMinutes(10));
        await customer.TrackEventsAsync([new BehaviourEvent(EventType.Purchase, DateTimeOffset.UtcNow, "sku-1", Value: 10m, OrderId: "o-1")]);

        harness.Clock.Advance(Delay * 2);
        await customer.DeliverDueMessagesAsync();

        Assert.Equal(0, harness.Receiver.Count);
        var message = Assert.Single(await customer.GetMessagesAsync());
        Assert.Equal(MessageStatus.Cancelled, message.Status);
        Assert.Equal("exit_on_purchase", message.Reason);
    }

    [Fact]
    public async Task Without_marketing_consent_nothing_is_sent_and_the_reason_is_recorded()
    {
        var customer = harness.Silo.Grains.GetGrain<ICustomerGrain>("carol");
        await customer.ChangeConsentsAsync(new ConsentChange([new ConsentDecision(ConsentPurpose.Analytics, true)], "test", false));
        await customer.PatchPreferencesAsync(new PreferencesPatch { AcceptedChannels = ["email"] });
        await AddToCartAsync(customer, "sku-1");

        harness.Clock.Advance(Delay);
        await customer.DeliverDueMessagesAsync();

        Assert.Equal(0, harness.Receiver.Count);
        var message = Assert.Single(await customer.GetMessagesAsync());
        Assert.Equal(MessageStatus.Skipped, message.Status);
        Assert.Equal("no_marketing_consent", message.Reason);
    }

    [Fact]
    public async Task A_receiver_answering_500_then_200_gets_the_message_once_more_with_the_same_idempotency_key_and_body()
    {
        var customer = await harness.ConsentingCustomerAsync("dave");
        await AddToCartAsync(customer, "sku-1");
        harness.Receiver.AnswerNext(500);

        harness.Clock.Advance(Delay);
        var first = await harness.Receiver.NextAsync();
        var pending = Assert.Single(await customer.GetMessagesAsync());
        Assert.Equal(MessageStatus.Scheduled, pending.Status);
        Assert.Equal("HTTP 500", pending.Reason);

        harness.Clock.Advance(TimeSpan.FromSeconds(13)); // backoff 10 s + at most 20% jitter
        var second = await harness.Receiver.NextAsync();

        Assert.Equal((500, 200), (first.AnsweredWith, second.AnsweredWith));
        Assert.Equal(first.IdempotencyKey, second.IdempotencyKey);
        Assert.Equal(first.Body, second.Body);
        var delivered = Assert.Single(await customer.GetMessagesAsync());
        Assert.Equal((MessageStatus.Delivered, 2), (delivered.Status, delivered.Attempts));
        Assert.Equal(2, harness.Receiver.Count);
    }

    [Fact]
    public async Task A_message_failing_every_attempt_is_dead_lettered_and_an_operator_retry_delivers_it()
    {
        var customer = await harness.ConsentingCustomerAsync("erin");
        await AddToCartAsync(customer, "sku-1");
        harness.Receiver.AnswerNext(503, 503, 503);

        harness.Clock.Advance(Delay);
        await harness.Receiver.NextAsync();
        await customer.GetMessagesAsync();
        harness.Clock.Advance(TimeSpan.FromSeconds(13));
        await harness.Receiver.NextAsync();
        await customer.GetMessagesAsync();
        harness.Clock.Advance(TimeSpan.FromSeconds(25));
        await harness.Receiver.NextAsync();

        var dead = Assert.Single(await customer.GetMessagesAsync());
        Assert.Equal((MessageStatus.DeadLettered, 3), (dead.Status, dead.Attempts));
        var deadLetters = harness.Silo.Grains.GetGrain<IDeadLetterGrain>(TriggerCatalog.Key);
        var listed = Assert.Single(await deadLetters.ListAsync());
        Assert.Equal(("erin", dead.Id), (listed.CustomerId, listed.MessageId));

        Assert.True(await customer.RetryMessageAsync(dead.Id));
        var retried = await harness.Receiver.NextAsync();

        Assert.Equal(dead.Id, retried.IdempotencyKey);
        Assert.Equal(MessageStatus.Delivered, Assert.Single(await customer.GetMessagesAsync()).Status);
        Assert.Empty(await deadLetters.ListAsync());
        Assert.False(await customer.DiscardMessageAsync(dead.Id));
    }

    [Fact]
    public async Task A_destination_answering_with_a_redirect_gets_a_failed_attempt_and_nothing_is_sent_on()
    {
        await using var elsewhere = await WebhookReceiver.StartAsync();
        var customer = await harness.ConsentingCustomerAsync("gina-redirected");
        await AddToCartAsync(customer, "sku-1");
        harness.Receiver.RedirectNext(elsewhere.Url);

        harness.Clock.Advance(Delay);
        var redirected = await harness.Receiver.NextAsync();
        // The attempt runs inside the customer's turn: once this answers, the send and anything it led to are over.
        var message = Assert.Single(await customer.GetMessagesAsync());

        Assert.Equal(307, redirected.AnsweredWith);
        Assert.Equal((MessageStatus.Scheduled, 1, "HTTP 307"), (message.Status, message.Attempts, message.Reason));
        Assert.Equal(0, elsewhere.Count);
    }

    [Fact]
    public async Task A_destination_that_answers_2xx_but_never_finishes_its_body_has_the_message_delivered()
    {
        var customer = await harness.ConsentingCustomerAsync("hugo-slow-answer");
        await AddToCartAsync(customer, "sku-1");
        harness.Receiver.StallBodyNext();

        harness.Clock.Advance(Delay);
        await harness.Receiver.NextAsync();
        var message = Assert.Single(await customer.GetMessagesAsync());

        // Waiting for the body would have timed the attempt out (Orchestration:AttemptTimeout) and sent it again.
        Assert.Equal((MessageStatus.Delivered, 1), (message.Status, message.Attempts));
    }

    [Fact]
    public async Task Export_lists_the_outbox_and_erasure_removes_pending_messages_so_nothing_is_delivered()
    {
        var customer = await harness.ConsentingCustomerAsync("frank-outbox-marker");
        await AddToCartAsync(customer, "sku-1");
        var exported = await customer.ExportAsync();
        var pending = Assert.Single(exported.Messages!);
        Assert.Equal(MessageStatus.Scheduled, pending.Status);

        await customer.EraseAsync();
        harness.Clock.Advance(Delay * 2);
        await customer.DeliverDueMessagesAsync();

        Assert.Equal(0, harness.Receiver.Count);
        Assert.Empty(await customer.GetMessagesAsync());
        Assert.Empty((await customer.ExportAsync()).Messages!);
        // Neither the outbox (in the state record) nor the reminder row (it names the grain) leaves a byte behind.
        Assert.False(RawFiles.Contain(harness.StateFile, "frank-outbox-marker"));
    }

    [Fact]
    public async Task Withdrawing_marketing_consent_cancels_a_pending_message()
    {
        var customer = await harness.ConsentingCustomerAsync("gina");
        await AddToCartAsync(customer, "sku-1");
        await customer.ChangeConsentsAsync(new ConsentChange([new ConsentDecision(ConsentPurpose.Marketing, false)], "test", false));

        harness.Clock.Advance(Delay * 2);
        await customer.DeliverDueMessagesAsync();

        Assert.Equal(0, harness.Receiver.Count);
        var message = Assert.Single(await customer.GetMessagesAsync());
        Assert.Equal((MessageStatus.Cancelled, "consent_withdrawn"), (message.Status, message.Reason));
    }

    [Fact]
    public async Task A_message_due_at_22_30_local_inside_quiet_hours_is_delivered_at_08_00_local_not_before()
    {
        await harness.Silo.Grains.GetGrain<ITriggerConfigGrain>(TriggerCatalog.Key).PutTriggerAsync(new TriggerDefinition(
            "welcome", [new TriggerEvent(EventType.Custom, "signup")], Delay, "email", "crm",
            QuietHours: new QuietHours("21:00", "08:00")));
        var customer = await harness.ConsentingCustomerAsync("hana");
        await customer.SetContextAsync(new CustomerContext(TimeZone: "Europe/Warsaw")); // UTC+1 in December
        harness.Clock.Advance(TimeSpan.FromHours(9)); // 21:00 UTC, 22:00 in Warsaw
        await customer.TrackEventsAsync([new BehaviourEvent(EventType.Custom, DateTimeOffset.UtcNow, Name: "signup")]);

        harness.Clock.Advance(Delay); // due 22:30 in Warsaw
        await customer.DeliverDueMessagesAsync();
        var deferred = Assert.Single(await customer.GetMessagesAsync());
        Assert.Equal((MessageStatus.Scheduled, "quiet_hours"), (deferred.Status, deferred.Reason));
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 7, 0, 0, TimeSpan.Zero), deferred.DueAt); // 08:00 in Warsaw

        harness.Clock.Advance(TimeSpan.FromHours(9.5) - TimeSpan.FromMinutes(1)); // 07:59 in Warsaw
        await customer.DeliverDueMessagesAsync();
        Assert.Equal(0, harness.Receiver.Count);

        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        var webhook = await harness.Receiver.NextAsync();

        Assert.Equal(new DateTimeOffset(2026, 12, 2, 7, 0, 0, TimeSpan.Zero), harness.Clock.GetUtcNow());
        Assert.Equal(deferred.Id, webhook.IdempotencyKey);
        Assert.Equal(MessageStatus.Delivered, Assert.Single(await customer.GetMessagesAsync()).Status);
    }

    private static Task<TrackEventsResult> AddToCartAsync(ICustomerGrain customer, string itemId) =>
        customer.TrackEventsAsync([new BehaviourEvent(EventType.AddToCart, DateTimeOffset.UtcNow, itemId, Value: 19.9m, Quantity: 1)]);
}
