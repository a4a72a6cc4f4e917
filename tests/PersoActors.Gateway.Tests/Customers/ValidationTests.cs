using System.Text;
using PersoActors.Gateway.Tests.Infrastructure;

namespace PersoActors.Gateway.Tests.Customers;

/// <summary>Every kind of bad input gets 400 (or 413) problem+json naming the field.</summary>
public sealed class ValidationTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private readonly HttpClient site = gateway.Site();

    public static TheoryData<string, string> BadEventBatches() => new()
    {
        { """{"events":[{"type":"teleport"}]}""", "events[0].type" },
        { """{"events":[{"itemId":"x"}]}""", "events[0].type" },
        { """{"events":[{"type":"view","timestamp":"2999-01-01T00:00:00Z"}]}""", "events[0].timestamp" },
        { """{"events":[{"type":"view","timestamp":"1999-01-01T00:00:00Z"}]}""", "events[0].timestamp" },
        { """{"events":[{"type":"view","timestamp":"yesterday"}]}""", "events[0].timestamp" },
        { """{"events":[{"type":"view","value":-1}]}""", "events[0].value" },
        { """{"events":[{"type":"view","value":"cheap"}]}""", "events[0].value" },
        { """{"events":[{"type":"add_to_cart","itemId":"x","quantity":0}]}""", "events[0].quantity" },
        { """{"events":[{"type":"add_to_cart"}]}""", "events[0].itemId" },
        { """{"events":[{"type":"view","itemId":""}]}""", "events[0].itemId" },
        { """{"events":[{"type":"view","categories":["ok",""]}]}""", "events[0].categories[1]" },
        { """{"events":[{"type":"search"}]}""", "events[0].query" },
        { """{"events":[{"type":"view","query":"x"}]}""", "events[0].query" },
        { """{"events":[{"type":"custom"}]}""", "events[0].name" },
        { """{"events":[{"type":"view","orderId":"o-1"}]}""", "events[0].orderId" },
        { """{"events":[{"type":"view","colour":"red"}]}""", "events[0].colour" },
        { """{"events":[{"type":"view","customerId":"someone-else"}]}""", "events[0].customerId" },
        { """{"events":[{"type":"view",}]}""", "events[0]" },
        { """{"events":[]}""", "events" },
        { """{"events":{}}""", "events" },
        { """{}""", "events" },
        { """[]""", "body" },
        { "", "body" },
    };

    [Theory]
    [MemberData(nameof(BadEventBatches))]
    public async Task A_bad_event_batch_is_answered_400_naming_the_field(string body, string field)
    {
        var response = await site.SendRawAsync(HttpMethod.Post, $"/v1/customers/{GatewayFactory.NewCustomerId()}/events", body);

        await response.AssertProblemAsync(400, field);
    }

    [Fact]
    public async Task More_than_500_events_are_refused()
    {
        var events = Enumerable.Repeat(new { type = "view" }, 501).ToArray();

        var response = await site.SendJsonAsync(HttpMethod.Post, $"/v1/customers/{GatewayFactory.NewCustomerId()}/events", new { events });

        await response.AssertProblemAsync(400, "events");
    }

    [Fact]
    public async Task A_cross_customer_event_needs_a_customer_id()
    {
        var response = await site.SendRawAsync(HttpMethod.Post, "/v1/events", """{"events":[{"type":"view"}]}""");

        await response.AssertProblemAsync(400, "events[0].customerId");
    }

    [Fact]
    public async Task A_body_over_the_limit_is_answered_413()
    {
        var body = "{\"events\":[{\"type\":\"search\",\"query\":\"" + new string('x', 1024 * 1024) + "\"}]}";

        var response = await site.SendRawAsync(HttpMethod.Post, $"/v1/customers/{GatewayFactory.NewCustomerId()}/events", body);

        await response.AssertProblemAsync(413, "body");
    }

    [Fact]
    public async Task A_body_over_the_limit_without_a_length_is_answered_413()
    {
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(new string(' ', 70 * 1024) + "{}")));
        content.Headers.ContentType = new("application/json");
        var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/customers/{GatewayFactory.NewCustomerId()}/context") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await site.SendAsync(request);

        await response.AssertProblemAsync(413, "body");
    }

    [Theory]
    [InlineData("bad id")]
    [InlineData("ümlaut")]
    [InlineData("a%2Fb")]
    public async Task A_bad_customer_id_is_answered_400(string id)
    {
        var response = await site.GetAsync($"/v1/customers/{id}");

        await response.AssertProblemAsync(400, "id");
    }

    [Fact]
    public async Task A_customer_id_longer_than_128_characters_is_answered_400()
    {
        var response = await site.GetAsync($"/v1/customers/{new string('a', 129)}/consents");

        await response.AssertProblemAsync(400, "id");
    }

    public static TheoryData<string, string, string, string> BadBodies() => new()
    {
        { "PUT", "consents", """{"consents":{"telepathy":"granted"}}""", "consents.telepathy" },
        { "PATCH", "consents", """{"consents":{"analytics":"maybe"}}""", "consents.analytics" },
        { "PUT", "consents", """{"source":"banner"}""", "consents" },
        { "PUT", "consents", """{"consents":{"analytics":true}}""", "consents.analytics" },
        { "PUT", "preferences", """{"acceptedChannels":["pigeon"]}""", "acceptedChannels[0]" },
        { "PUT", "preferences", """{"language":"polish please"}""", "language" },
        { "PUT", "preferences", """{"currency":"zloty"}""", "currency" },
        { "PUT", "preferences", """{"favouriteCategories":["toys"],"excludedCategories":["toys"]}""", "excludedCategories" },
        { "PUT", "preferences", "{\"favouriteBrands\":[\"" + string.Join("\",\"", Enumerable.Range(0, 51)) + "\"]}", "favouriteBrands" },
        { "PUT", "preferences", """{"theme":"dark"}""", "theme" },
        { "PATCH", "preferences", """{"theme":"dark"}""", "theme" },
        { "PATCH", "preferences", """{"contentFilters":"vegan"}""", "contentFilters" },
        { "PATCH", "preferences", """{"favouriteCategories":[null]}""", "favouriteCategories[0]" },
        { "PATCH", "preferences", "{\"custom\":{\"k\":\"" + new string('v', 300) + "\"}}", "custom.k" },
        { "PUT", "context", """{"country":"Poland"}""", "country" },
        { "PUT", "context", """{"language":"??"}""", "language" },
        { "PUT", "context", """{"timeZone":"Mars/Olympus_Mons"}""", "timeZone" },
        { "PUT", "context", """{"device":""}""", "device" },
        { "PUT", "context", "{\"referrer\":\"" + new string('r', 600) + "\"}", "referrer" },
        { "PUT", "context", """{"device":"mobile""", "device" },
        { "PUT", "context", """{"device":""", "device" },
        { "PUT", "context", """not json""", "body" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_profile_change_is_answered_400_naming_the_field(string method, string resource, string body, string field)
    {
        var id = GatewayFactory.NewCustomerId();

        var response = await site.SendRawAsync(new HttpMethod(method), $"/v1/customers/{id}/{resource}", body);

        await response.AssertProblemAsync(400, field);
        var unchanged = await (await site.GetAsync($"/v1/customers/{id}")).ReadJsonAsync();
        Assert.Equal(0, unchanged.GetProperty("eventCount").GetInt32());
        Assert.False(unchanged.GetProperty("preferences").TryGetProperty("updatedAt", out _));
        Assert.False(unchanged.TryGetProperty("context", out _));
    }

    [Theory]
    [InlineData("""{"anonymousId":"not valid!"}""", "anonymousId")]
    [InlineData("""{}""", "anonymousId")]
    [InlineData("""{"anonymousId":"SELF"}""", "anonymousId")]
    [InlineData("""{"anonymousId":"a","extra":1}""", "extra")]
    public async Task A_bad_merge_is_answered_400_naming_the_field(string body, string field)
    {
        var id = GatewayFactory.NewCustomerId();

        var response = await gateway.Admin().SendRawAsync(HttpMethod.Post, $"/v1/customers/{id}/merge", body.Replace("SELF", id));

        await response.AssertProblemAsync(400, field);
    }

    [Theory]
    [InlineData("POST", "recommendations", """{"count":2.5}""", "count", "Invalid value: expected an integer from -2147483648 to 2147483647.")]
    [InlineData("POST", "recommendations", """{"count":99999999999}""", "count", "Invalid value: expected an integer from -2147483648 to 2147483647.")]
    [InlineData("POST", "recommendations", """{"context":"mobile"}""", "context", "Invalid value: expected a JSON object.")]
    [InlineData("POST", "recommendations", """{"context":{"cartItemIds":"sku-1"}}""", "context.cartItemIds", "Invalid value: expected an array of strings.")]
    [InlineData("POST", "events", """{"events":[{"type":"view","timestamp":5}]}""", "events[0].timestamp",
        "Invalid value: expected an ISO 8601 timestamp such as 2025-06-01T12:00:00Z.")]
    [InlineData("POST", "events", """{"events":[{"type":"view","categories":[1]}]}""", "events[0].categories[0]", "Invalid value: expected a string.")]
    [InlineData("POST", "events", """{"events":[{"type":"purchase","value":true}]}""", "events[0].value", "Invalid value: expected a number.")]
    [InlineData("POST", "events", """{"events":"view"}""", "events", "Invalid value: expected an array of objects.")]
    [InlineData("PUT", "preferences", """{"custom":{"size":42}}""", "custom.size", "Invalid value: expected a string.")]
    [InlineData("PATCH", "preferences", """{"custom":{"size":42}}""", "custom.size", "Invalid value: expected a string.")]
    [InlineData("PATCH", "preferences", """{"custom":[]}""", "custom", "Invalid value: expected an object of string values.")]
    [InlineData("PATCH", "preferences", """{"favouriteCategories":[1]}""", "favouriteCategories[0]", "Invalid value: expected a string.")]
    [InlineData("PATCH", "preferences", """{"favouriteCategories":"shoes"}""", "favouriteCategories", "Invalid value: expected an array of strings.")]
    [InlineData("PATCH", "preferences", """{"language":5}""", "language", "Invalid value: expected a string.")]
    public async Task A_value_of_the_wrong_kind_is_answered_with_the_kind_expected(string method, string resource, string body, string field, string message)
    {
        var response = await site.SendRawAsync(new HttpMethod(method), $"/v1/customers/{GatewayFactory.NewCustomerId()}/{resource}", body);

        Assert.Equal(message, await response.AssertProblemAsync(400, field));
    }

    // A client that sends Latin-1 (ÿ is 0xFF, a byte UTF-8 never has) gets the field named, not a 500.
    [Theory]
    [InlineData("PUT", "preferences", "{\"language\":\"\u00FFpl\"}", "language")]
    [InlineData("PATCH", "preferences", "{\"language\":\"\u00FFpl\"}", "language")]
    [InlineData("PATCH", "preferences", "{\"currency\":\"\u00FF\"}", "currency")]
    [InlineData("PATCH", "preferences", "{\"custom\":{\"font\":\"\u00FF\"}}", "custom.font")]
    [InlineData("PATCH", "preferences", "{\"favouriteBrands\":[\"\u00FF\"]}", "favouriteBrands[0]")]
    [InlineData("PUT", "consents", "{\"consents\":{\"analytics\":\"\u00FF\"}}", "consents.analytics")]
    [InlineData("POST", "events", "{\"events\":[{\"type\":\"view\",\"itemId\":\"\u00FF\"}]}", "events[0].itemId")]
    [InlineData("PATCH", "preferences", "{\"\u00FF\":\"x\"}", "body")]
    [InlineData("PUT", "preferences", "{\"custom\":{\"\u00FF\":\"x\"}}", "custom")]
    [InlineData("PATCH", "preferences", "{\"custom\":{\"\u00FF\":\"x\"}}", "custom")]
    [InlineData("PUT", "consents", "{\"consents\":{\"\u00FF\":\"granted\"}}", "consents")]
    public async Task A_string_that_is_not_UTF_8_is_answered_400_naming_the_field(string method, string resource, string body, string field)
    {
        var id = GatewayFactory.NewCustomerId();
        var contentType = method == "PATCH" && resource == "preferences" ? "application/merge-patch+json" : "application/json";

        var response = await site.SendLatin1Async(new HttpMethod(method), $"/v1/customers/{id}/{resource}", body, contentType);

        Assert.Equal("Invalid value: not valid UTF-8.", await response.AssertProblemAsync(400, field));
        var unchanged = await (await site.GetAsync($"/v1/customers/{id}")).ReadJsonAsync();
        Assert.Equal(0, unchanged.GetProperty("eventCount").GetInt32());
        Assert.False(unchanged.GetProperty("preferences").TryGetProperty("updatedAt", out _));
    }

    [Theory]
    [InlineData("POST", "events", """{"events":[{"type":"view","itemId":"a","type":"purchase"}]}""", "events[0].type")]
    [InlineData("POST", "recommendations", """{"count":2,"count":3}""", "count")]
    [InlineData("PUT", "consents", """{"consents":{"analytics":"granted","analytics":"denied"}}""", "consents.analytics")]
    [InlineData("PATCH", "preferences", """{"language":"en","language":"pl"}""", "language")]
    public async Task A_property_given_twice_is_refused_rather_than_guessed(string method, string resource, string body, string field)
    {
        var id = GatewayFactory.NewCustomerId();

        var response = await site.SendRawAsync(new HttpMethod(method), $"/v1/customers/{id}/{resource}", body);

        Assert.Equal("Given more than once.", await response.AssertProblemAsync(400, field));
        var unchanged = await (await site.GetAsync($"/v1/customers/{id}")).ReadJsonAsync();
        Assert.Equal(0, unchanged.GetProperty("eventCount").GetInt32());
        Assert.False(unchanged.GetProperty("preferences").TryGetProperty("updatedAt", out _));
    }
}
