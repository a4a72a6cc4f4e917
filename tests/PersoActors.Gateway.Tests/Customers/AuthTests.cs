using System.Net;
using PersoActors.Gateway.Tests.Infrastructure;

namespace PersoActors.Gateway.Tests.Customers;

public sealed class AuthTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    public static TheoryData<string, string> SiteEndpoints() => new()
    {
        { "GET", "/v1/customers/c-1" },
        { "GET", "/v1/customers/c-1/consents" },
        { "PUT", "/v1/customers/c-1/consents" },
        { "PATCH", "/v1/customers/c-1/consents" },
        { "GET", "/v1/customers/c-1/preferences" },
        { "PUT", "/v1/customers/c-1/preferences" },
        { "PATCH", "/v1/customers/c-1/preferences" },
        { "PUT", "/v1/customers/c-1/context" },
        { "POST", "/v1/customers/c-1/events" },
        { "POST", "/v1/events" },
    };

    public static TheoryData<string, string> AdminEndpoints() => new()
    {
        { "GET", "/v1/customers/c-1/export" },
        { "DELETE", "/v1/customers/c-1" },
        { "POST", "/v1/customers/c-1/merge" },
    };

    [Theory]
    [MemberData(nameof(SiteEndpoints))]
    [MemberData(nameof(AdminEndpoints))]
    public async Task A_request_without_a_key_is_answered_401(string method, string url)
    {
        var response = await gateway.Anonymous().SendRawAsync(new HttpMethod(method), url, "{}");

        await response.AssertProblemAsync(401, "X-Api-Key");
        Assert.Contains("X-Api-Key", response.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [MemberData(nameof(SiteEndpoints))]
    public async Task A_wrong_key_is_answered_401(string method, string url)
    {
        var response = await gateway.ClientWithKey("not-a-key").SendRawAsync(new HttpMethod(method), url, "{}");

        await response.AssertProblemAsync(401, "X-Api-Key");
    }

    [Theory]
    [MemberData(nameof(AdminEndpoints))]
    public async Task A_site_key_on_an_admin_endpoint_is_answered_403(string method, string url)
    {
        var response = await gateway.Site().SendRawAsync(new HttpMethod(method), url, """{"anonymousId":"anon-1"}""");

        await response.AssertProblemAsync(403, "X-Api-Key");
    }

    [Theory]
    [MemberData(nameof(SiteEndpoints))]
    public async Task An_admin_key_may_do_what_a_site_key_may(string method, string url)
    {
        var response = await gateway.Admin().SendRawAsync(new HttpMethod(method), url, "{}");

        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_every_customer_endpoint_and_the_key()
    {
        var document = await (await gateway.Anonymous().GetAsync("/openapi/v1.json")).ReadJsonAsync();

        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/v1/events", "/v1/customers/{id}/events", "/v1/customers/{id}/consents", "/v1/customers/{id}/preferences",
                     "/v1/customers/{id}/context", "/v1/customers/{id}/export", "/v1/customers/{id}/merge" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing");
        }

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());
    }
}
