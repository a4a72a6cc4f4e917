using PersoActors.LoadTest.Api;
using PersoActors.LoadTest.Catalog;
using PersoActors.LoadTest.Check;
using PersoActors.LoadTest.Engine;
using PersoActors.LoadTest.Simulation;
using PersoActors.LoadTest.Tests.Infrastructure;

namespace PersoActors.LoadTest.Tests;

/// <summary>What bench/run relies on: single-request visits on the prepared customers, and a preparation the
/// real gateway accepts whole.</summary>
public sealed class BenchmarkScenarioTests : IDisposable
{
    private static readonly SyntheticCatalog Catalog = CatalogGenerator.Generate(240, seed: 42);
    private readonly EmbeddedGatewayHost _host = new();

    [Theory]
    [InlineData(Scenario.Recommendations, EndpointKind.Recommendations)]
    [InlineData(Scenario.Events, EndpointKind.TrackEvents)]
    [InlineData(Scenario.Profile, EndpointKind.GetProfile)]
    public void A_single_request_scenario_sends_one_request_per_visit_to_a_prepared_customer(Scenario scenario, EndpointKind kind)
    {
        var population = new UserPopulation(new PopulationSettings(1, ReturningCustomers: 50, NewUserRatio: 0, TimeSpan.Zero, scenario), Catalog, new AckLedger(100));
        for (var i = 0; i < 30; i++)
        {
            var session = population.StartSession();
            var call = session.Next(new EndpointAvailability());
            Assert.NotNull(call);
            Assert.Equal(kind, call.Kind);
            Assert.Matches("^/v1/customers/lt-0000[0-4][0-9]", call.Path);
            session.Complete(call, new CallResult(CallOutcome.Ok, "200", 200, "{}"u8.ToArray()));
            Assert.Null(session.Next(new EndpointAvailability()));
            population.EndSession(session);
        }
    }

    [Fact]
    public async Task Prepared_customers_hold_their_history_and_consents_in_the_embedded_gateway()
    {
        await using var gateway = _host.Start();
        using var client = new GatewayClient([new Uri("http://localhost")], "dev-site-key", "dev-admin-key", TimeSpan.FromSeconds(30), gateway.Server.CreateHandler());

        var result = await WarmUp.RunAsync(client, Catalog, new WarmUpSettings(Customers: 12, EventsPerCustomer: 30, Concurrency: 4, Seed: 42), CancellationToken.None);

        Assert.Equal(0, result.Failed);
        Assert.Equal(36, result.Requests);
        var profile = GatewayRequests.Profile((await client.SendAsync(GatewayRequests.GetProfile("lt-000011"), CancellationToken.None)).Body);
        Assert.Equal(30, profile!.EventCount);
        Assert.Equal(30, profile.RecentEvents.Count);
        Assert.Contains(profile.RecentEvents, e => e.Type == EventTypes.Purchase);
    }

    [Fact]
    public async Task Preparation_sends_each_event_batch_with_an_idempotency_key_so_a_repeat_is_stored_once()
    {
        await using var gateway = _host.Start();
        using var client = new GatewayClient([new Uri("http://localhost")], "dev-site-key", "dev-admin-key", TimeSpan.FromSeconds(30), gateway.Server.CreateHandler());

        await WarmUp.RunAsync(client, Catalog, new WarmUpSettings(Customers: 2, EventsPerCustomer: 5, Concurrency: 2, Seed: 42), CancellationToken.None);
        var export = await client.SendAsync(new GatewayCall(EndpointKind.GetProfile, HttpMethod.Get, "/v1/customers/lt-000001/export", null, UsesAdminKey: true), CancellationToken.None);
        var receipt = System.Text.Json.JsonDocument.Parse(export.Body).RootElement.GetProperty("eventBatchReceipts")[0];
        var batch = GatewayRequests.TrackEvents("lt-000001", [new SimulatedEvent(EventTypes.View, DateTimeOffset.UtcNow, "x", [], 1m, "b")]) with
        {
            IdempotencyKey = "repeat-1",
        };
        var first = await client.SendAsync(batch, CancellationToken.None);
        var repeat = await client.SendAsync(batch, CancellationToken.None);

        Assert.StartsWith("warm-", receipt.GetProperty("key").GetString());
        Assert.Equal((200, 200), (first.StatusCode, repeat.StatusCode));
        Assert.Contains("\"duplicate\":false", System.Text.Encoding.UTF8.GetString(first.Body));
        Assert.Contains("\"duplicate\":true", System.Text.Encoding.UTF8.GetString(repeat.Body));
        Assert.Equal(6, GatewayRequests.Profile((await client.SendAsync(GatewayRequests.GetProfile("lt-000001"), CancellationToken.None)).Body)!.EventCount);
    }

    public void Dispose() => _host.Dispose();
}
