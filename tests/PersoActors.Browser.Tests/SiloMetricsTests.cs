using System.Net.Http.Json;
using System.Text.RegularExpressions;
using PersoActors.Browser.Tests.Infrastructure;

namespace PersoActors.Browser.Tests;

/// <summary>In a cluster the grains run in the silo processes, so their counters are scraped there
/// (<c>--metrics-port</c>), not at the gateway.</summary>
[Collection(ClusterCollection.Name)]
public sealed partial class SiloMetricsTests(Cluster cluster)
{
    [Fact]
    public async Task Events_sent_through_the_gateway_are_counted_by_the_silos_that_stored_them()
    {
        using var admin = cluster.Admin();
        using var scraper = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var customers = Enumerable.Range(0, 10).Select(i => $"metrics-{i}").ToArray();
        var before = await AcceptedEventsAsync(scraper);

        foreach (var customer in customers)
        {
            (await admin.PatchAsJsonAsync($"/v1/customers/{customer}/consents", new { consents = new { analytics = "granted" }, source = "test" })).EnsureSuccessStatusCode();
            (await admin.PostAsJsonAsync($"/v1/customers/{customer}/events", new { events = new[] { new { type = "view", itemId = "sku-1" } } })).EnsureSuccessStatusCode();
        }

        Assert.Equal(customers.Length, await AcceptedEventsAsync(scraper) - before);
        var silo = await scraper.GetStringAsync(cluster.SiloMetricsUrls[0]);
        Assert.Contains("orleans_catalog_activations", silo);
        Assert.Contains("dotnet_gc_", silo);
    }

    private async Task<double> AcceptedEventsAsync(HttpClient scraper)
    {
        var total = 0.0;
        foreach (var url in cluster.SiloMetricsUrls)
        {
            var text = await scraper.GetStringAsync(url);
            total += AcceptedSample().Matches(text).Sum(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }

        return total;
    }

    [GeneratedRegex(@"^persoactors_events_accepted_total(?:\{[^}]*\})? (\S+)$", RegexOptions.Multiline)]
    private static partial Regex AcceptedSample();
}
