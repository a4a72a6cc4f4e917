using System.Net;
using System.Net.Http.Headers;
using PersoActors.Gateway.Tests.Infrastructure;

namespace PersoActors.Gateway.Tests.Operations;

/// <summary>Our instruments are process-wide static meters: these tests run alone (no other test class adds events or
/// decisions meanwhile) and compare a scrape before with one after.</summary>
[CollectionDefinition(nameof(MetricsCollection), DisableParallelization = true)]
public sealed class MetricsCollection;

[Collection(nameof(MetricsCollection))]
public sealed class MetricsEndpointTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task Metrics_need_the_admin_key()
    {
        var anonymous = await gateway.Anonymous().GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("Bearer", anonymous.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, (await gateway.Site().GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Bearer(GatewayFactory.SiteKey).GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer("not-a-key").GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task An_admin_key_reads_Prometheus_text_as_X_Api_Key_or_as_bearer_token()
    {
        foreach (var client in new[] { gateway.Admin(), Bearer(GatewayFactory.AdminKey) })
        {
            var response = await client.GetAsync("/metrics");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("# TYPE ", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Accepted_and_dropped_events_are_counted_by_reason_with_their_journal_appends_and_group_commits()
    {
        var site = gateway.Site();
        var consenting = GatewayFactory.NewCustomerId();
        await site.GrantAsync(consenting, "analytics");
        var before = await ScrapeAsync();

        await site.TrackAsync(consenting, new { type = "view", itemId = "i1" }, new { type = "click", itemId = "i1" });
        await site.TrackAsync(consenting, new { type = "view", itemId = "i2" });
        await site.TrackAsync(GatewayFactory.NewCustomerId(), new { type = "view", itemId = "i1" }, new { type = "view", itemId = "i3" });
        var after = await ScrapeAsync();

        Assert.Equal(3, Delta(before, after, "persoactors_events_accepted_total"));
        Assert.Equal(2, Delta(before, after, "persoactors_events_dropped_total", "reason=\"analytics_consent_not_granted\""));
        Assert.Equal(2, Delta(before, after, "persoactors_storage_journal_appends_total", "storage=\"SqliteGrainStorage\""));
        Assert.True(Delta(before, after, "persoactors_storage_group_commit_size_count") >= 1, "a group commit");
        Assert.True(Delta(before, after, "persoactors_storage_group_commit_size_sum") >= 2, "the two appends were committed");
    }

    [Fact]
    public async Task Decisions_are_counted_by_kind_and_fallback_reason()
    {
        var site = gateway.Site();
        var customer = GatewayFactory.NewCustomerId();
        var before = await ScrapeAsync();

        (await site.SendJsonAsync(HttpMethod.Post, $"/v1/customers/{customer}/recommendations", new { })).EnsureSuccessStatusCode();
        (await site.SendJsonAsync(HttpMethod.Post, $"/v1/customers/{customer}/recommendations", new { })).EnsureSuccessStatusCode();
        (await site.SendJsonAsync(HttpMethod.Post, $"/v1/customers/{customer}/offers", new { })).EnsureSuccessStatusCode();
        var after = await ScrapeAsync();

        Assert.Equal(2, Delta(before, after, "persoactors_decisions_total", "kind=\"recommendations\"", "fallback=\"no_personalization_consent\""));
        Assert.Equal(1, Delta(before, after, "persoactors_decisions_total", "kind=\"offers\"", "fallback=\"none\""));
    }

    [Fact]
    public async Task Orleans_ASP_NET_Core_runtime_and_load_shedding_meters_are_exported()
    {
        await gateway.Site().GetAsync($"/v1/customers/{GatewayFactory.NewCustomerId()}");

        var metrics = await ScrapeAsync();

        Assert.True(metrics.HasMetricStartingWith("orleans_catalog_activation"), "Orleans' meter Microsoft.Orleans");
        Assert.True(metrics.HasMetricStartingWith("http_server_request_duration_seconds"), "ASP.NET Core's hosting meter");
        Assert.True(metrics.HasMetricStartingWith("dotnet_gc_"), "the runtime's meter");
        Assert.True(metrics.Has("persoactors_gateway_requests_shed_total"), "our load-shedding meter");
    }

    private HttpClient Bearer(string key)
    {
        var client = gateway.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private async Task<PrometheusText> ScrapeAsync()
    {
        var response = await Bearer(GatewayFactory.AdminKey).GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new PrometheusText(await response.Content.ReadAsStringAsync());
    }

    private static double Delta(PrometheusText before, PrometheusText after, string name, params string[] labels) =>
        after.Value(name, labels) - before.Value(name, labels);
}
