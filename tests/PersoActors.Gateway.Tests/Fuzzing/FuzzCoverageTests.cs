using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace PersoActors.Gateway.Tests.Fuzzing;

/// <summary>The fuzzing reaches every API route the gateway maps: a route added without a line in
/// <see cref="FuzzEndpoints"/> fails here rather than going unfuzzed (the orchestration routes once did).</summary>
public sealed class FuzzCoverageTests(FuzzGateway gateway) : IClassFixture<FuzzGateway>
{
    [Fact]
    public void Every_mapped_api_route_is_in_the_fuzzing_list()
    {
        var fuzzed = FuzzEndpoints.All.Select(e => $"{e.Method} {e.Template.Replace("{id}", "x", StringComparison.Ordinal)}").ToArray();
        var routes = gateway.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } path && (path.StartsWith("/v1/", StringComparison.Ordinal) || path == "/health"))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method => (Method: method, Pattern: e.RoutePattern.RawText!)));

        var missing = routes
            .Where(route => !fuzzed.Any(request => Matches(route.Method, route.Pattern, request)))
            .Select(route => $"{route.Method} {route.Pattern}")
            .Distinct()
            .ToList();

        Assert.True(missing.Count == 0, "Not fuzzed: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task Every_valid_body_of_the_fuzzing_list_is_accepted()
    {
        var refused = new List<string>();
        foreach (var endpoint in FuzzEndpoints.WithBody)
        {
            var request = new FuzzRequest(endpoint.Method, gateway.ValidPath(endpoint), endpoint.Caller,
                System.Text.Encoding.UTF8.GetBytes(endpoint.ValidBody!), null, endpoint.ContentType, []);
            var (status, text) = await request.SendAndCheckAsync(gateway.Client);
            if (status is < 200 or >= 300)
            {
                refused.Add($"{endpoint}: {status} {text}");
            }
        }

        Assert.True(refused.Count == 0, "Mutations start from a body the gateway refuses:\n" + string.Join("\n", refused));
    }

    // A route parameter ({id}, {kind:regex(…)}) stands for one path segment.
    private static bool Matches(string method, string pattern, string request) =>
        Regex.IsMatch(request, "^" + method + " " + Regex.Replace(pattern.TrimEnd('/'), @"\{[^/]*\}", "[^/]+") + "/?$");
}
