using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using PersoActors.Gateway.Customers;
using PersoActors.Gateway.Tests.Infrastructure;
using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Gateway.Tests.Customers;

/// <summary>The durability a client asks for with <c>Prefer: durability=...</c> on event requests, and the
/// deployment's default (<c>Storage:Durability</c>).</summary>
public sealed class EventDurabilityTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private readonly HttpClient site = gateway.Site();

    [Theory]
    [InlineData("durability=sometimes")]
    [InlineData("durability")]
    [InlineData("return=minimal, durability=\"fast\"")]
    public async Task An_unknown_durability_preference_is_a_400_naming_it_and_stores_nothing(string prefer)
    {
        var id = GatewayFactory.NewCustomerId();
        await site.GrantAsync(id, "analytics");

        var single = await site.SendAsync(Events($"/v1/customers/{id}/events", prefer, new { type = "view", itemId = "sku-1" }));
        var across = await site.SendAsync(Events("/v1/events", prefer, new { customerId = id, type = "view", itemId = "sku-1" }));

        await single.AssertProblemAsync(400, "Prefer: durability");
        await across.AssertProblemAsync(400, "Prefer: durability");
        Assert.Empty((await (await site.GetAsync($"/v1/customers/{id}")).ReadAsync<CustomerProfileView>()).RecentEvents);
    }

    [Theory]
    [InlineData("durability=relaxed", "durability=relaxed")]
    [InlineData("respond-async, DURABILITY=Durable; x=1", "durability=durable")]
    public async Task A_known_durability_preference_is_applied_and_said_so(string prefer, string applied)
    {
        var id = GatewayFactory.NewCustomerId();
        await site.GrantAsync(id, "analytics");

        var single = await site.SendAsync(Events($"/v1/customers/{id}/events", prefer, new { type = "view", itemId = "sku-1" }));
        var across = await site.SendAsync(Events("/v1/events", prefer, new { customerId = id, type = "click", itemId = "sku-1" }));

        Assert.Equal(1, (await single.ReadAsync<TrackEventsResult>()).Accepted);
        Assert.Equal(1, (await across.ReadAsync<BatchTrackResult>()).Accepted);
        Assert.Equal(applied, Assert.Single(single.Headers.GetValues("Preference-Applied")));
        Assert.Equal(applied, Assert.Single(across.Headers.GetValues("Preference-Applied")));
        Assert.Equal(2, (await (await site.GetAsync($"/v1/customers/{id}")).ReadAsync<CustomerProfileView>()).RecentEvents.Count);
    }

    [Fact]
    public async Task A_relaxed_deployment_stores_every_acknowledged_event_by_its_graceful_stop()
    {
        var directory = Directory.CreateTempSubdirectory("persoactors-relaxed-gateway-").FullName;
        var path = Path.Combine(directory, "gateway.db");
        var id = GatewayFactory.NewCustomerId();
        await using (var relaxed = GatewayFactory.On(path).WithSetting("Storage:Durability", "Relaxed"))
        {
            var client = relaxed.Site();
            await client.GrantAsync(id, "analytics");
            for (var i = 0; i < 20; i++)
            {
                Assert.Equal(1, (await client.TrackAsync(id, new { type = "view", itemId = $"sku-{i}" })).Accepted);
            }
        }

        await using (var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM grain_journal WHERE grain_key = $key";
            command.Parameters.AddWithValue("$key", id);
            // The consent change wrote the record; every event was appended to its journal.
            Assert.Equal(20L, (long)(await command.ExecuteScalarAsync())!);
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task A_gateway_with_an_unknown_durability_setting_does_not_start_and_says_why()
    {
        await using var misconfigured = new GatewayFactory().WithSetting("Storage:Durability", "Sometimes");

        var error = Assert.ThrowsAny<Exception>(() => misconfigured.CreateClient());

        Assert.Contains("Durability", error.ToString(), StringComparison.Ordinal);
    }

    private static HttpRequestMessage Events(string url, string prefer, object e)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(new { events = new[] { e } }) };
        request.Headers.TryAddWithoutValidation("Prefer", prefer);
        return request;
    }
}
