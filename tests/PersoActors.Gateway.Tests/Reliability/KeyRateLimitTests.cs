using System.Net;
using PersoActors.Gateway.Tests.Infrastructure;

namespace PersoActors.Gateway.Tests.Reliability;

/// <summary>Per-API-key token buckets: a key over its limit gets 429 with Retry-After, other keys are unaffected, a
/// key's own limit overrides its role's, and probes are never limited.</summary>
public sealed class KeyRateLimitTests
{
    private const string Greedy = "greedy-site-key";
    private const string Quiet = "quiet-site-key";
    private const string Vip = "vip-site-key";

    [Fact]
    public async Task A_key_over_its_burst_gets_429_with_retry_after_while_other_keys_are_served()
    {
        await using var factory = Gateway();
        var greedy = factory.ClientWithKey(Greedy);
        var quiet = factory.ClientWithKey(Quiet);
        var id = GatewayFactory.NewCustomerId();

        // The role allows 5 at once and 0.2/s after: the first 5 pass, the rest of the burst is refused.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            statuses.Add((await greedy.GetAsync($"/v1/customers/{id}/consents")).StatusCode);
        }

        var refused = await greedy.GetAsync($"/v1/customers/{id}/consents");
        var other = await quiet.GetAsync($"/v1/customers/{id}/consents");
        var health = await factory.ClientWithKey(Greedy).GetAsync("/health");

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 5), statuses.Take(5));
        Assert.All(statuses.Skip(5), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        await refused.AssertProblemAsync(429, "X-Api-Key");
        Assert.True(refused.Headers.RetryAfter?.Delta is { } wait && wait >= TimeSpan.FromSeconds(1) && wait <= TimeSpan.FromSeconds(5),
            $"Retry-After {refused.Headers.RetryAfter}");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task A_key_of_its_own_limit_is_held_to_that_limit_not_its_roles()
    {
        await using var factory = Gateway();
        var vip = factory.ClientWithKey(Vip);
        var id = GatewayFactory.NewCustomerId();

        var statuses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => vip.GetAsync($"/v1/customers/{id}/consents")));

        Assert.All(statuses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
    }

    [Fact]
    public async Task Parallel_requests_of_one_key_never_get_more_than_the_burst()
    {
        await using var factory = Gateway();
        var greedy = factory.ClientWithKey(Greedy);
        var id = GatewayFactory.NewCustomerId();

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => greedy.GetAsync($"/v1/customers/{id}/consents")));

        // 5 at once, plus at most one token refilled (0.2/s) if the run took over 5 s on a busy machine.
        var served = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        Assert.InRange(served, 5, 6);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
    }

    private static GatewayFactory Gateway() => new GatewayFactory()
        .WithSetting("Auth:ApiKeys:0:Key", Greedy)
        .WithSetting("Auth:ApiKeys:0:Role", "site")
        .WithSetting("Auth:ApiKeys:1:Key", Quiet)
        .WithSetting("Auth:ApiKeys:1:Role", "site")
        .WithSetting("Auth:ApiKeys:2:Key", Vip)
        .WithSetting("Auth:ApiKeys:2:Role", "site")
        .WithSetting("Auth:ApiKeys:2:PermitsPerSecond", "1000")
        .WithSetting("Auth:ApiKeys:2:Burst", "100")
        .WithSetting("RateLimits:Roles:site:PermitsPerSecond", "0.2")
        .WithSetting("RateLimits:Roles:site:Burst", "5");
}
