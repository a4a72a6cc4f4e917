using System.Net;
using System.Text;
using System.Text.Json;
using PersoActors.Gateway.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PersoActors.Gateway.Tests.Reliability;

/// <summary>The gateway's SQLite file on a real small disk that fills up: writes answer 503 "store unavailable" and
/// store nothing, reads go on, and once space is freed the same gateway takes writes again; after a restart the store
/// holds exactly what was acknowledged.</summary>
public sealed class StoreFaultTests(ITestOutputHelper output)
{
    private const int Customers = 12;
    private const int EventsPerBatch = 200;

    [Fact]
    public async Task On_a_full_disk_writes_answer_503_store_unavailable_reads_go_on_and_the_gateway_recovers_by_itself_losing_nothing()
    {
        using var disk = SmallDisk.TryMount(24, out var whyNot);
        if (disk is null)
        {
            output.WriteLine($"Not run: {whyNot}");
            return;
        }

        var database = Path.Combine(disk.Path, "gateway.db");
        var ids = Enumerable.Range(0, Customers).Select(i => GatewayFactory.NewCustomerId($"disk{i}")).ToArray();
        var active = GatewayFactory.NewCustomerId("active");
        var acknowledged = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var gateway = GatewayFactory.On(database))
        {
            var site = gateway.Site();
            foreach (var id in ids.Append(active))
            {
                await site.GrantAsync(id, "analytics");
                acknowledged[id] = 0;
            }

            await site.TrackAsync(active, new { type = "view", itemId = "sku-active" });
            acknowledged[active] = 1;

            disk.Fill();
            var unavailable = 0;
            foreach (var id in ids)
            {
                var response = await site.SendRawAsync(HttpMethod.Post, $"/v1/customers/{id}/events", Batch(id));
                var text = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    acknowledged[id] = JsonDocument.Parse(text).RootElement.GetProperty("accepted").GetInt32();
                    continue;
                }

                Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {text}");
                AssertStoreUnavailable(response, text, "full");
                unavailable++;
            }

            output.WriteLine($"disk full: {unavailable} of {ids.Length} batches answered 503, {ids.Length - unavailable} acknowledged (they fit in the WAL's free space)");
            Assert.True(unavailable > 0, "no write failed on a full disk");

            // A batch across customers says which customers' events were stored, so a client retries only the others.
            var across = ids.Where(id => acknowledged[id] == 0).Take(3).ToArray();
            var crossResponse = await site.SendRawAsync(HttpMethod.Post, "/v1/events", JsonSerializer.Serialize(new
            {
                events = across.Select(id => new { customerId = id, type = "view", itemId = "sku-x" }).ToArray(),
            }));
            var crossText = await crossResponse.Content.ReadAsStringAsync();
            if (crossResponse.StatusCode == HttpStatusCode.OK)
            {
                foreach (var customer in JsonDocument.Parse(crossText).RootElement.GetProperty("customers").EnumerateArray())
                {
                    acknowledged[customer.GetProperty("customerId").GetString()!] += customer.GetProperty("accepted").GetInt32();
                }
            }
            else
            {
                AssertStoreUnavailable(crossResponse, crossText, "full");
                var problem = JsonDocument.Parse(crossText).RootElement;
                var notStored = problem.GetProperty("notStored").EnumerateArray().Select(e => e.GetString()!).ToList();
                var stored = problem.GetProperty("stored").EnumerateArray().ToList();
                Assert.Equal(across.Length, notStored.Count + stored.Count);
                foreach (var customer in stored)
                {
                    acknowledged[customer.GetProperty("customerId").GetString()!] += customer.GetProperty("accepted").GetInt32();
                }
            }

            // Reads keep working, and what a read shows is what is stored: a refused batch left nothing behind.
            foreach (var id in ids.Append(active))
            {
                var profile = await (await site.GetAsync($"/v1/customers/{id}")).ReadJsonAsync();
                Assert.Equal(acknowledged[id], profile.GetProperty("eventCount").GetInt64());
            }

            disk.Free();
            foreach (var id in ids.Where(id => acknowledged[id] < EventsPerBatch))
            {
                var result = await site.TrackAsync(id, Events(id));
                acknowledged[id] += result.Accepted;
            }
        }

        // A fresh gateway on the same file: everything acknowledged is there, exactly once.
        await using var restarted = GatewayFactory.On(database);
        var reader = restarted.Site();
        foreach (var id in ids.Append(active))
        {
            var profile = await (await reader.GetAsync($"/v1/customers/{id}")).ReadJsonAsync();
            Assert.Equal(acknowledged[id], profile.GetProperty("eventCount").GetInt64());
        }

        Assert.All(ids, id => Assert.InRange(acknowledged[id], EventsPerBatch, EventsPerBatch + 1));
    }

    /// <summary>Asserts the 503 problem of a store fault.</summary>
    internal static void AssertStoreUnavailable(HttpResponseMessage response, string text, string reason)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal("urn:persoactors:problem:store-unavailable", problem.GetProperty("type").GetString());
        Assert.Equal("Store unavailable", problem.GetProperty("title").GetString());
        Assert.Equal(reason, problem.GetProperty("reason").GetString());
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
    }

    private static string Batch(string id) => JsonSerializer.Serialize(new { events = Events(id) });

    private static object[] Events(string id) => Enumerable.Range(0, EventsPerBatch)
        .Select(i => (object)new { type = "view", itemId = $"{id}-item-{i}", categories = new[] { "shoes", $"c{i % 17}" }, brand = $"brand-{i % 13}" })
        .ToArray();
}
