using System.Text.Json;
using PersoActors.Gateway.Customers;
using PersoActors.Gateway.Tests.Infrastructure;
using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Gateway.Tests.Customers;

/// <summary>The <c>Idempotency-Key</c> header on event requests: a retried batch is stored once and answered
/// <c>duplicate: true</c>, a key reused for another body is a 422, a malformed key a 400 — each naming the header.</summary>
public sealed class EventIdempotencyTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private readonly HttpClient site = gateway.Site();

    [Fact]
    public async Task A_batch_retried_with_its_key_is_stored_once_and_answered_as_a_duplicate()
    {
        var id = GatewayFactory.NewCustomerId();
        await site.GrantAsync(id, "analytics");
        const string body = """{"events":[{"type":"view","itemId":"sku-1"},{"type":"click","itemId":"sku-1"}]}""";

        var first = await site.SendAsync(Events($"/v1/customers/{id}/events", body, "batch-1"));
        var retry = await site.SendAsync(Events($"/v1/customers/{id}/events", body, "\"batch-1\""));

        Assert.Equal("""{"accepted":2,"dropped":0,"duplicate":false}""", await first.Content.ReadAsStringAsync());
        Assert.Equal("""{"accepted":2,"dropped":0,"duplicate":true}""", await retry.Content.ReadAsStringAsync());
        Assert.Equal(2, (await ProfileAsync(id)).EventCount);
    }

    [Fact]
    public async Task Without_a_key_a_repeated_batch_is_stored_again()
    {
        var id = GatewayFactory.NewCustomerId();
        await site.GrantAsync(id, "analytics");

        await site.TrackAsync(id, new { type = "view", itemId = "sku-1" });
        var again = await site.TrackAsync(id, new { type = "view", itemId = "sku-1" });

        Assert.False(again.Duplicate);
        Assert.Equal(2, (await ProfileAsync(id)).EventCount);
    }

    [Fact]
    public async Task A_key_reused_with_a_different_body_is_a_422_and_stores_nothing()
    {
        var id = GatewayFactory.NewCustomerId();
        await site.GrantAsync(id, "analytics");
        await site.SendAsync(Events($"/v1/customers/{id}/events", """{"events":[{"type":"view","itemId":"sku-1"}]}""", "k-1"));

        var reused = await site.SendAsync(Events($"/v1/customers/{id}/events", """{"events":[{"type":"view","itemId":"sku-2"}]}""", "k-1"));

        await reused.AssertProblemAsync(422, IdempotencyKeyHeader.Name);
        Assert.Equal(["sku-1"], (await ProfileAsync(id)).RecentEvents.Select(e => e.ItemId));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("klucz-żółw")]
    [InlineData("\"\"")]
    [InlineData(null)]
    public async Task A_malformed_key_is_a_400_naming_the_header_and_stores_nothing(string? key)
    {
        var id = GatewayFactory.NewCustomerId();
        await site.GrantAsync(id, "analytics");
        key ??= new string('k', EventBatchKey.MaxLength + 1);
        const string body = """{"events":[{"type":"view","itemId":"sku-1"}]}""";

        var single = await site.SendAsync(Events($"/v1/customers/{id}/events", body, key));
        var across = await site.SendAsync(Events("/v1/events", $$"""{"events":[{"customerId":"{{id}}","type":"view"}]}""", key));
        var twice = Events($"/v1/customers/{id}/events", body, "k-1");
        twice.Headers.Add(IdempotencyKeyHeader.Name, "k-2");

        await single.AssertProblemAsync(400, IdempotencyKeyHeader.Name);
        await across.AssertProblemAsync(400, IdempotencyKeyHeader.Name);
        await (await site.SendAsync(twice)).AssertProblemAsync(400, IdempotencyKeyHeader.Name);
        Assert.Equal(0, (await ProfileAsync(id)).EventCount);
    }

    [Fact]
    public async Task A_cross_customer_batch_retried_with_its_key_stores_only_what_was_not_stored_before()
    {
        var (a, b) = (GatewayFactory.NewCustomerId(), GatewayFactory.NewCustomerId());
        await site.GrantAsync(a, "analytics");
        var body = $$"""{"events":[{"customerId":"{{a}}","type":"view","itemId":"x"},{"customerId":"{{b}}","type":"view","itemId":"y"}]}""";

        // b has no analytics consent yet: its part is dropped and not remembered under the key.
        var first = await (await site.SendAsync(Events("/v1/events", body, "cross-1"))).ReadAsync<BatchTrackResult>();
        await site.GrantAsync(b, "analytics");
        var retry = await (await site.SendAsync(Events("/v1/events", body, "cross-1"))).ReadAsync<BatchTrackResult>();

        Assert.Equal([(a, 1, false), (b, 0, false)], first.Customers.Select(c => (c.CustomerId, c.Accepted, c.Duplicate)));
        Assert.Equal([(a, 1, true), (b, 1, false)], retry.Customers.Select(c => (c.CustomerId, c.Accepted, c.Duplicate)));
        Assert.Equal((1, 1), ((await ProfileAsync(a)).EventCount, (await ProfileAsync(b)).EventCount));
    }

    [Fact]
    public async Task A_cross_customer_key_reused_with_a_different_body_is_a_422_saying_what_was_stored()
    {
        var (a, b) = (GatewayFactory.NewCustomerId(), GatewayFactory.NewCustomerId());
        await site.GrantAsync(a, "analytics");
        await site.GrantAsync(b, "analytics");
        await site.SendAsync(Events("/v1/events", $$"""{"events":[{"customerId":"{{a}}","type":"view","itemId":"x"}]}""", "cross-2"));

        var reused = await site.SendAsync(Events("/v1/events",
            $$"""{"events":[{"customerId":"{{a}}","type":"view","itemId":"other"},{"customerId":"{{b}}","type":"view","itemId":"y"}]}""", "cross-2"));

        var text = await reused.Content.ReadAsStringAsync();
        await reused.AssertProblemAsync(422, IdempotencyKeyHeader.Name);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal([a], problem.GetProperty("notStored").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([b], problem.GetProperty("stored").EnumerateArray().Select(e => e.GetProperty("customerId").GetString()));
        Assert.Equal(["x"], (await ProfileAsync(a)).RecentEvents.Select(e => e.ItemId));
    }

    private async Task<CustomerProfileView> ProfileAsync(string id) =>
        await (await site.GetAsync($"/v1/customers/{id}")).ReadAsync<CustomerProfileView>();

    private static HttpRequestMessage Events(string url, string body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation(IdempotencyKeyHeader.Name, key);
        return request;
    }
}
