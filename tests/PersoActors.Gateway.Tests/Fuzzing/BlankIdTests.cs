using System.Net;
using System.Text.Json;
using PersoActors.Gateway.Tests.Infrastructure;

namespace PersoActors.Gateway.Tests.Fuzzing;

/// <summary>Ids made only of whitespace, which Orleans refuses as grain keys, found by the fuzzing as 500s: they are
/// answered before any grain call.</summary>
public sealed class BlankIdTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Theory]
    [InlineData("GET", "/v1/experiments/%09/results", HttpStatusCode.NotFound, "id")]
    [InlineData("GET", "/v1/customers/%20/messages", HttpStatusCode.BadRequest, "customerId")]
    [InlineData("POST", "/v1/dead-letters/%09/m-1/retry", HttpStatusCode.BadRequest, "customerId")]
    [InlineData("DELETE", "/v1/dead-letters/%20%20/m-1", HttpStatusCode.BadRequest, "customerId")]
    public async Task A_blank_id_gets_a_problem_naming_it_not_a_500(string method, string path, HttpStatusCode status, string field)
    {
        var response = await gateway.Admin().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }
}
