using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using PersoActors.Gateway.Tests.Infrastructure;
using PersoActors.Storage.Hosting;
using Xunit.Abstractions;

namespace PersoActors.Gateway.Tests.Customers;

/// <summary>A measurement, not a timed test: runs only with PERSOACTORS_MEASURE=1, against the real
/// gateway on Kestrel (loopback HTTP) with a SQLite file, and prints events/s ingested. Example:
/// <c>PERSOACTORS_MEASURE=1 dotnet test tests/PersoActors.Gateway.Tests --filter IngestionMeasurement --logger "console;verbosity=detailed"</c>.</summary>
public sealed class IngestionMeasurement(ITestOutputHelper output)
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("PERSOACTORS_MEASURE") == "1";

    [Theory]
    [InlineData(500, 50, 8)]
    [InlineData(100, 1, 16)]
    public async Task Events_per_second_through_the_gateway(int batchSize, int customersPerBatch, int concurrency)
    {
        if (!Enabled)
        {
            return;
        }

        await using var gateway = new GatewayFactory();
        var port = FreePort.On(IPAddress.Loopback);
        gateway.UseKestrel(port);
        gateway.StartServer();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        http.DefaultRequestHeaders.Add("X-Api-Key", GatewayFactory.SiteKey);

        const int customers = 2_000;
        for (var c = 0; c < customers; c += 100)
        {
            await Task.WhenAll(Enumerable.Range(c, 100).Select(i => http.GrantAsync($"load-{i}", "analytics", "personalization")));
        }

        var duration = TimeSpan.FromSeconds(10);
        var stopwatch = Stopwatch.StartNew();
        long events = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var random = new Random(worker);
            while (stopwatch.Elapsed < duration)
            {
                var first = random.Next(customers - customersPerBatch);
                var batch = Enumerable.Range(0, batchSize).Select(i => new
                {
                    customerId = $"load-{first + i % customersPerBatch}",
                    type = i % 10 == 0 ? "add_to_cart" : "view",
                    itemId = $"item-{random.Next(1000)}",
                    categories = new[] { $"category-{random.Next(50)}" },
                    brand = $"brand-{random.Next(20)}",
                    value = 19.99m,
                }).ToArray();
                var response = await http.PostAsJsonAsync("/v1/events", new { events = batch });
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Interlocked.Add(ref events, batchSize);
            }
        }));
        var seconds = stopwatch.Elapsed.TotalSeconds;
        output.WriteLine($"batches of {batchSize} events over {customersPerBatch} customers, {concurrency} concurrent clients: " +
                         $"{events / seconds:F0} events/s durable ({events} events in {seconds:F1} s)");
    }
}
