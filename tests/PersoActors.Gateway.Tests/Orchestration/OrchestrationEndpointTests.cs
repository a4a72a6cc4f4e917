using System.Net;
using System.Text.Json;
using PersoActors.Gateway.Tests.Infrastructure;
using PersoActors.Grains.Interfaces.Orchestration;
using PersoActors.Grains.Orchestration;
using PersoActors.Tests.Shared;

namespace PersoActors.Gateway.Tests.Orchestration;

/// <summary>The orchestration admin API on the real gateway (embedded silo, SQLite state and reminders) delivering to a
/// real Kestrel receiver.</summary>
public sealed class OrchestrationEndpointTests : IAsyncLifetime
{
    private const string Secret = "gateway-secret";
    private WebhookReceiver receiver = null!;
    private GatewayFactory gateway = null!;
    private HttpClient admin = null!;
    private HttpClient site = null!;

    public async Task InitializeAsync()
    {
        receiver = await WebhookReceiver.StartAsync();
        gateway = new GatewayFactory()
            .WithSetting("Orchestration:Destinations:crm:Url", receiver.Url)
            .WithSetting("Orchestration:Destinations:crm:Secret", Secret)
            .WithSetting("Orchestration:MaxAttempts", "1");
        admin = gateway.Admin();
        site = gateway.Site();
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        await receiver.DisposeAsync();
    }

    [Fact]
    public async Task An_invalid_trigger_is_rejected_with_every_field_named_and_nothing_changes()
    {
        var response = await admin.SendRawAsync(HttpMethod.Put, "/v1/triggers/welcome",
            """{"startOn":[],"delay":"-00:01:00","channel":"fax","destination":"nowhere","cap":{"oncePerDays":0},"holdoutPercent":100}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var fields = problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "startOn", "delay", "channel", "destination", "cap.oncePerDays", "holdoutPercent" }, fields);
        var config = await (await admin.GetAsync("/v1/triggers")).ReadAsync<TriggerConfig>();
        Assert.Equal(0, config.Version);
        Assert.Empty(config.Triggers);
    }

    [Theory]
    [InlineData("""{"start":"9pm","end":"08:00"}""", "quietHours.start")]
    [InlineData("""{"start":"21:00"}""", "quietHours.end")]
    [InlineData("""{"start":"21:00","end":"24:00"}""", "quietHours.end")]
    [InlineData("""{"start":"08:00","end":"08:00"}""", "quietHours.end")]
    public async Task Invalid_quiet_hours_are_rejected_naming_the_field(string quietHours, string field)
    {
        var response = await admin.SendRawAsync(HttpMethod.Put, "/v1/triggers/welcome",
            $$"""{"startOn":[{"type":"custom","name":"signup"}],"delay":"00:30:00","channel":"email","destination":"crm","quietHours":{{quietHours}}}""");

        await response.AssertProblemAsync(400, field);
        Assert.Empty((await (await admin.GetAsync("/v1/triggers")).ReadAsync<TriggerConfig>()).Triggers);
    }

    [Theory]
    [InlineData("\"lapsedDays\":0", "lapsedDays")]
    [InlineData("\"lapsedDays\":30,\"startOn\":[{\"type\":\"view\"}]", "lapsedDays")]
    [InlineData("\"segmentEntered\":\"no_such_segment\"", "segmentEntered")]
    [InlineData("\"segmentEntered\":\"high_value\",\"lapsedDays\":30", "segmentEntered")]
    [InlineData("\"firstSeen\":true,\"startOn\":[{\"type\":\"view\"}]", "firstSeen")]
    [InlineData("\"startOn\":[]", "startOn")]
    public async Task A_trigger_of_no_kind_or_two_kinds_or_an_unknown_segment_is_rejected_naming_the_field(string kind, string field)
    {
        var response = await admin.SendRawAsync(HttpMethod.Put, "/v1/triggers/kinds",
            $$"""{{{kind}},"delay":"00:00:00","channel":"email","destination":"crm"}""");

        await response.AssertProblemAsync(400, field);
    }

    [Fact]
    public async Task Lapse_and_segment_triggers_are_accepted_for_a_known_segment()
    {
        var lapse = await admin.SendRawAsync(HttpMethod.Put, "/v1/triggers/win-back",
            """{"lapsedDays":60,"delay":"00:00:00","channel":"email","destination":"crm"}""");
        var segment = await admin.SendRawAsync(HttpMethod.Put, "/v1/triggers/vip",
            """{"segmentEntered":"high_value","delay":"01:00:00","channel":"email","destination":"crm"}""");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (lapse.StatusCode, segment.StatusCode));
        var triggers = (await (await admin.GetAsync("/v1/triggers")).ReadAsync<TriggerConfig>()).Triggers;
        Assert.Equal(60, Assert.Single(triggers, t => t.Id == "win-back").LapsedDays);
        Assert.Equal("high_value", Assert.Single(triggers, t => t.Id == "vip").SegmentEntered);
    }

    [Fact]
    public async Task A_trigger_with_quiet_hours_and_a_customer_time_zone_are_accepted()
    {
        var put = await admin.SendRawAsync(HttpMethod.Put, "/v1/triggers/welcome",
            """{"startOn":[{"type":"custom","name":"signup"}],"delay":"00:30:00","channel":"email","destination":"crm","quietHours":{"start":"21:00","end":"08:00"}}""");
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var trigger = Assert.Single((await (await admin.GetAsync("/v1/triggers")).ReadAsync<TriggerConfig>()).Triggers);
        Assert.Equal(new QuietHours("21:00", "08:00"), trigger.QuietHours);

        var context = await site.SendRawAsync(HttpMethod.Put, $"/v1/customers/{GatewayFactory.NewCustomerId()}/context", """{"timeZone":"Europe/Warsaw"}""");
        Assert.Equal(HttpStatusCode.OK, context.StatusCode);
        Assert.Equal("Europe/Warsaw", (await context.ReadJsonAsync()).GetProperty("context").GetProperty("timeZone").GetString());
    }

    [Fact]
    public async Task A_site_key_may_not_manage_triggers_or_dead_letters()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await site.SendRawAsync(HttpMethod.Put, "/v1/triggers/t", "{}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await site.GetAsync("/v1/dead-letters")).StatusCode);
    }

    [Fact]
    public async Task A_delivered_message_is_attributed_per_trigger_and_a_dead_letter_can_be_retried_through_the_api()
    {
        await PutTriggerAsync();
        var customerId = GatewayFactory.NewCustomerId();
        await ConsentAndAddToCartAsync(customerId);

        // MaxAttempts is 1: the 500 dead-letters the message at once.
        receiver.AnswerNext(500);
        var failed = await receiver.NextAsync();
        // Read through the customer first: that call queues behind the turn that is recording the failure.
        var afterFailure = await (await admin.GetAsync($"/v1/customers/{customerId}/messages")).ReadAsync<List<OutboxMessage>>();
        Assert.Equal((MessageStatus.DeadLettered, "HTTP 500"), (Assert.Single(afterFailure).Status, afterFailure[0].Reason));
        var deadLetters = await (await admin.GetAsync("/v1/dead-letters")).ReadAsync<List<DeadLetter>>();
        var dead = Assert.Single(deadLetters, d => d.CustomerId == customerId);
        Assert.Equal(failed.IdempotencyKey, dead.MessageId);

        var retry = await admin.PostAsync($"/v1/dead-letters/{customerId}/{dead.MessageId}/retry", null);
        Assert.Equal(HttpStatusCode.NoContent, retry.StatusCode);
        var delivered = await receiver.NextAsync();
        Assert.Equal(failed.Body, delivered.Body);
        Assert.True(WebhookSignature.Verify(Secret, delivered.Signature, delivered.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        var messages = await (await admin.GetAsync($"/v1/customers/{customerId}/messages")).ReadAsync<List<OutboxMessage>>();
        Assert.Equal(MessageStatus.Delivered, Assert.Single(messages).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/v1/dead-letters/{customerId}/{dead.MessageId}/retry", null)).StatusCode);
        Assert.DoesNotContain(await (await admin.GetAsync("/v1/dead-letters")).ReadAsync<List<DeadLetter>>(), d => d.CustomerId == customerId);

        var decisionId = JsonDocument.Parse(delivered.Body).RootElement.GetProperty("decisionId").GetString();
        var feedback = await site.SendJsonAsync(HttpMethod.Post, $"/v1/decisions/{decisionId}/feedback", new { type = "conversion", value = 25 });
        Assert.True(feedback.IsSuccessStatusCode, await feedback.Content.ReadAsStringAsync());
        using var results = JsonDocument.Parse(await (await admin.GetAsync("/v1/experiments/trigger:abandoned-cart/results")).Content.ReadAsStringAsync());
        var variant = results.RootElement.GetProperty("variants").EnumerateArray().Single(v => v.GetProperty("variant").GetString() == "message");
        Assert.True(variant.GetProperty("exposures").GetInt64() >= 1);
        Assert.True(variant.GetProperty("conversions").GetInt64() >= 1);
    }

    private async Task PutTriggerAsync()
    {
        var put = await admin.SendRawAsync(HttpMethod.Put, "/v1/triggers/abandoned-cart", """
            {"startOn":[{"type":"add_to_cart"}],"exitOn":[{"type":"purchase"}],"delay":"00:00:00","channel":"email",
             "destination":"crm","requireCart":true,"payload":{"includeCart":true,"offerCode":"COMEBACK10"}}
            """);
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
    }

    private async Task ConsentAndAddToCartAsync(string customerId)
    {
        foreach (var (method, path, body) in new[]
        {
            (HttpMethod.Patch, "consents", """{"consents":{"analytics":"granted","marketing":"granted"}}"""),
            (HttpMethod.Patch, "preferences", """{"acceptedChannels":["email"]}"""),
            (HttpMethod.Post, "events", """{"events":[{"type":"add_to_cart","itemId":"sku-1","value":10}]}"""),
        })
        {
            var response = await site.SendRawAsync(method, $"/v1/customers/{customerId}/{path}", body);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
    }
}
