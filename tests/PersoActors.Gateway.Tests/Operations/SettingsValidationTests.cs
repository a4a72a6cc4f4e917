using Microsoft.Extensions.Options;
using PersoActors.Gateway.Tests.Infrastructure;

namespace PersoActors.Gateway.Tests.Operations;

/// <summary>A gateway (and its embedded silo) with a setting it cannot run with refuses to start, naming the setting,
/// instead of failing the calls that read it: a negative decision view lifetime answered every recommendation 500.</summary>
public sealed class SettingsValidationTests
{
    [Theory]
    [InlineData("Decisions:DecisionViewLifetime", "-00:00:01")]
    [InlineData("Decisions:PopularityHalfLife", "00:00:00")]
    [InlineData("Decisions:Recommender:MaxPerCategory", "0")]
    [InlineData("Decisions:Recommender:NeighbourWeight", "NaN")]
    [InlineData("Customers:RecentEventLimit", "0")]
    [InlineData("Customers:AffinityHalfLife", "-1.00:00:00")]
    [InlineData("Customers:MergedIdForwarding", "31.00:00:00")]
    [InlineData("Orchestration:MaxAttempts", "0")]
    [InlineData("Orchestration:Destinations:crm:Url", "ftp://crm.example")]
    [InlineData("Auth:ApiKeys:1:Role", "admn")]
    [InlineData("Auth:ApiKeys:0:PermitsPerSecond", "-5")]
    [InlineData("Overload:MaxConcurrentRequests", "0")]
    [InlineData("Overload:MaxQueueWait", "-00:00:01")]
    [InlineData("RateLimits:Roles:site:PermitsPerSecond", "0")]
    [InlineData("RateLimits:Roles:sites:PermitsPerSecond", "100", "RateLimits:Roles:sites names no role")]
    public async Task A_setting_the_gateway_cannot_run_with_stops_it_at_start_naming_the_setting(string key, string value, string? named = null)
    {
        await using var gateway = new GatewayFactory().WithSetting(key, value);

        var refused = Assert.Throws<OptionsValidationException>(() => gateway.Anonymous());

        Assert.Contains(named ?? key, refused.Message);
    }
}
