using System.Net.Http.Json;
using System.Text.Json;
using PersoActors.Gateway.Tests.Infrastructure;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Gateway.Tests.Decisions;

public sealed class DecisionAuthAndValidationTests(DecisionGateway gateway) : IClassFixture<DecisionGateway>
{
    public static TheoryData<string, string> AdminEndpoints() => new()
    {
        { "PUT", "/v1/catalog/items" },
        { "POST", "/v1/catalog/import" },
        { "DELETE", "/v1/catalog/items/coffee-01" },
        { "GET", "/v1/catalog" },
        { "PUT", "/v1/experiments/x" },
        { "GET", "/v1/experiments/x" },
        { "GET", "/v1/experiments/x/results" },
        { "PUT", "/v1/segments/x" },
        { "PUT", "/v1/offers/x" },
        { "PUT", "/v1/content-blocks/x" },
        { "DELETE", "/v1/segments/x" },
        { "GET", "/v1/decision-config" },
    };

    public static TheoryData<string, string> SiteEndpoints() => new()
    {
        { "POST", "/v1/customers/c-1/recommendations" },
        { "POST", "/v1/customers/c-1/experience" },
        { "POST", "/v1/customers/c-1/offers" },
        { "POST", "/v1/decisions/d1_x/feedback" },
    };

    [Theory]
    [MemberData(nameof(AdminEndpoints))]
    public async Task A_site_key_cannot_call_admin_routes(string method, string url)
    {
        var response = await gateway.Site.SendRawAsync(new HttpMethod(method), url, "{}");

        await response.AssertProblemAsync(403, "X-Api-Key");
    }

    [Theory]
    [MemberData(nameof(AdminEndpoints))]
    [MemberData(nameof(SiteEndpoints))]
    public async Task A_request_without_a_key_is_answered_401(string method, string url)
    {
        var response = await gateway.Factory.Anonymous().SendRawAsync(new HttpMethod(method), url, "{}");

        await response.AssertProblemAsync(401, "X-Api-Key");
    }

    [Theory]
    [InlineData("""{"count":0}""", "count")]
    [InlineData("""{"count":"ten"}""", "count")]
    [InlineData("""{"slot":"product_page"}""", "currentItemId")]
    [InlineData("""{"count":5,"colour":"red"}""", "colour")]
    [InlineData("""{"context":{"localHour":25}}""", "context.localHour")]
    public async Task A_bad_recommendation_request_names_the_field(string body, string field)
    {
        var response = await gateway.Site.SendRawAsync(HttpMethod.Post, "/v1/customers/c-1/recommendations", body);

        await response.AssertProblemAsync(400, field);
    }

    [Theory]
    [InlineData("/v1/customers/c-1/experience", """{"maxBlocks":0}""", "maxBlocks")]
    [InlineData("/v1/customers/c-1/offers", """{"max":11}""", "max")]
    [InlineData("/v1/customers/bad%20id/recommendations", "{}", "id")]
    [InlineData("/v1/decisions/d1_forged/feedback", """{"type":"click"}""", "decisionId")]
    [InlineData("/v1/decisions/nonsense/feedback", """{"type":"click"}""", "decisionId")]
    public async Task Bad_decision_requests_name_the_field(string url, string body, string field)
    {
        var response = await gateway.Site.SendRawAsync(HttpMethod.Post, url, body);

        await response.AssertProblemAsync(400, field);
    }

    [Theory]
    [InlineData("""{}""", "type")]
    [InlineData("""{"type":"like"}""", "type")]
    [InlineData("""{"type":"conversion","value":-5}""", "value")]
    public async Task Bad_feedback_names_the_field(string body, string field)
    {
        var customerId = GatewayFactory.NewCustomerId();
        var decision = await gateway.RecommendAsync(customerId);

        var response = await gateway.Site.SendRawAsync(HttpMethod.Post, $"/v1/decisions/{decision.DecisionId}/feedback", body);

        await response.AssertProblemAsync(400, field);
    }

    [Fact]
    public async Task A_bad_catalog_batch_is_rejected_whole_naming_every_item()
    {
        var before = await gateway.GetJsonAsync(gateway.Admin, "/v1/catalog");

        var response = await gateway.Admin.SendRawAsync(HttpMethod.Put, "/v1/catalog/items", """
            {"items":[{"id":"ok-1","title":"Fine","categories":["misc"],"price":1},
                      {"id":"bad-1","title":"Negative","categories":["misc"],"price":-1},
                      {"id":"bad-2","title":"","categories":["misc"]}]}
            """);

        await response.AssertProblemAsync(400, "items[1].price");
        var problem = await response.Content.ReadAsStringAsync();
        Assert.Contains("items[2].title", problem);
        var after = await gateway.GetJsonAsync(gateway.Admin, "/v1/catalog");
        Assert.Equal(before.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task A_bad_jsonl_line_is_named_by_its_number()
    {
        var body = """
            {"id":"line-1","title":"One","categories":["misc"]}

            {"id":"line-3","title":"Three","categories":["misc"],"price":"cheap"}
            """;
        var response = await gateway.Admin.PostAsync("/v1/catalog/import", new StringContent(body, System.Text.Encoding.UTF8, "application/x-ndjson"));

        await response.AssertProblemAsync(400, "line 3.price");
    }

    [Theory]
    [InlineData("/v1/catalog/import", "application/x-ndjson", "line 2")]
    [InlineData("/v1/catalog/items", "application/json", "body")]
    public async Task A_catalog_upload_that_is_not_UTF_8_is_refused_rather_than_stored_garbled(string url, string contentType, string field)
    {
        var lines = "{\"id\":\"latin1-1\",\"title\":\"Tea\",\"categories\":[\"misc\"]}\n{\"id\":\"latin1-2\",\"title\":\"Caf\u00E9\",\"categories\":[\"misc\"]}";
        var body = contentType == "application/json" ? "[" + lines.Replace("\n", ",\n") + "]" : lines;
        var before = await gateway.GetJsonAsync(gateway.Admin, "/v1/catalog");

        var response = await gateway.Admin.SendLatin1Async(url == "/v1/catalog/items" ? HttpMethod.Put : HttpMethod.Post, url, body, contentType);

        Assert.StartsWith("Not valid UTF-8 (line 2", await response.AssertProblemAsync(400, field));
        var after = await gateway.GetJsonAsync(gateway.Admin, "/v1/catalog");
        Assert.Equal(before.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task A_catalog_upload_may_start_with_a_byte_order_mark()
    {
        var body = "\uFEFF{\"id\":\"bom-1\",\"title\":\"Caf\u00E9\",\"categories\":[\"misc\"]}";

        var response = await gateway.Admin.PostAsync("/v1/catalog/import", new StringContent(body, new System.Text.UTF8Encoding(false), "application/x-ndjson"));

        Assert.Equal(1, (await response.ReadJsonAsync()).GetProperty("upserted").GetInt32());
    }

    [Fact]
    public async Task A_catalog_error_says_what_to_send_in_the_api_words()
    {
        var response = await gateway.Admin.SendRawAsync(HttpMethod.Put, "/v1/catalog/items", """
            {"items":[{"id":"kind-1","title":"Price","categories":["misc"],"price":"cheap"},
                      {"id":"kind-2","id":"kind-3","title":"Twice","categories":["misc"]},
                      {"id":"kind-4","title":"Categories","categories":"misc"},
                      {"title":"No id","categories":["misc"]},
                      {"id":"kind-5","title":null,"categories":["misc"]}]}
            """);

        Assert.Equal("Invalid value: expected a number.", await response.AssertProblemAsync(400, "items[0].price"));
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal("Given more than once.", errors.GetProperty("items[1].id")[0].GetString());
        Assert.Equal("Invalid value: expected an array of strings.", errors.GetProperty("items[2].categories")[0].GetString());
        Assert.Equal("Required: 'id'.", errors.GetProperty("items[3]")[0].GetString());
        Assert.Equal("Must not be null.", errors.GetProperty("items[4].title")[0].GetString());
        Assert.DoesNotContain("PersoActors.", errors.GetRawText());
        Assert.DoesNotContain("System.", errors.GetRawText());
    }

    [Theory]
    [InlineData("/v1/segments/vip", """{"condition":{"fact":"rfm.monetary","op":"bigger","value":1}}""", "condition.op")]
    [InlineData("/v1/segments/vip", """{"id":"other","condition":{"fact":"rfm.monetary","op":"gte","value":1}}""", "id")]
    [InlineData("/v1/offers/o1", """{"title":"T","channels":["web"],"segments":["no_such_segment"]}""", "segments[0]")]
    [InlineData("/v1/experiments/e1", """{"variants":[{"key":"only","weight":1}]}""", "variants")]
    [InlineData("/v1/experiments/e1", """{"variants":[{"key":"a","weight":1e308},{"key":"b","weight":1e308}]}""", "variants")]
    public async Task A_bad_definition_names_the_field_and_changes_nothing(string url, string body, string field)
    {
        var before = await gateway.GetJsonAsync(gateway.Admin, "/v1/decision-config");

        var response = await gateway.Admin.SendRawAsync(HttpMethod.Put, url, body);

        await response.AssertProblemAsync(400, field);
        var after = await gateway.GetJsonAsync(gateway.Admin, "/v1/decision-config");
        Assert.Equal(before.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
    }

    [Theory]
    [InlineData("/v1/segments/latin1", "{\"condition\":{\"fact\":\"context.device\",\"op\":\"eq\",\"value\":\"\u00FF\"}}", "condition.value")]
    [InlineData("/v1/segments/latin1", "{\"condition\":{\"fact\":\"context.device\",\"op\":\"in\",\"value\":[\"\u00FF\"]}}", "condition.value")]
    [InlineData("/v1/segments/latin1", "{\"name\":\"\u00FF\",\"condition\":{\"fact\":\"rfm.monetary\",\"op\":\"gte\",\"value\":1}}", "name")]
    [InlineData("/v1/content-blocks/latin1", "{\"type\":\"banner\",\"title\":\"T\",\"condition\":{\"fact\":\"segments\",\"op\":\"contains\",\"value\":\"\u00FF\"}}", "condition.value")]
    public async Task A_definition_that_is_not_UTF_8_is_refused_naming_the_field(string url, string body, string field)
    {
        var before = await gateway.GetJsonAsync(gateway.Admin, "/v1/decision-config");

        var response = await gateway.Admin.SendLatin1Async(HttpMethod.Put, url, body);

        Assert.Equal("Invalid value: not valid UTF-8.", await response.AssertProblemAsync(400, field));
        var after = await gateway.GetJsonAsync(gateway.Admin, "/v1/decision-config");
        Assert.Equal(before.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task A_purchase_may_carry_a_decision_id_but_other_events_may_not()
    {
        var customerId = GatewayFactory.NewCustomerId();

        var response = await gateway.Site.SendJsonAsync(HttpMethod.Post, $"/v1/customers/{customerId}/events",
            new { events = new[] { new { type = "view", itemId = "coffee-01", decisionId = "d1_x" } } });

        await response.AssertProblemAsync(400, "events[0].decisionId");
    }

    [Fact]
    public async Task An_unknown_experiment_is_not_found()
    {
        var response = await gateway.Admin.GetAsync("/v1/experiments/never-defined");

        await response.AssertProblemAsync(404, "id");
    }

    [Fact]
    public async Task A_definition_can_be_deleted_and_is_then_not_found()
    {
        var put = await gateway.Admin.SendJsonAsync(HttpMethod.Put, "/v1/content-blocks/spring-banner", new { type = "banner", title = "Spring sale" });
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());

        var deleted = await gateway.Admin.DeleteAsync("/v1/content-blocks/spring-banner");
        var again = await gateway.Admin.DeleteAsync("/v1/content-blocks/spring-banner");

        Assert.Equal(System.Net.HttpStatusCode.NoContent, deleted.StatusCode);
        await again.AssertProblemAsync(404, "id");
        var config = await (await gateway.Admin.GetAsync("/v1/decision-config")).ReadAsync<DecisionConfig>();
        Assert.DoesNotContain(config.ContentBlocks, b => b.Id == "spring-banner");
    }
}
