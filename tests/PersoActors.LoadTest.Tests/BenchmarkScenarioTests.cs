using Microsoft.AspNetCore.Mvc.Testing;
using PersoActors.LoadTest.Api;
using PersoActors.LoadTest.Catalog;
using PersoActors.LoadTest.Check;
using PersoActors.LoadTest.Engine;
using PersoActors.LoadTest.Simulation;

namespace PersoActors.LoadTest.Tests;

/// <summary>What bench/run relies on: single-request visits on the prepared customers, and a preparation the
/// real gateway accepts whole.</summary>
public sealed class BenchmarkScenarioTests : IDisposable
{
    private static readonly SyntheticCatalog Catalog = CatalogGenerator.Generate(240, seed: 42);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lt-bench-" + Guid.NewGuid().ToString("N"));

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
        Directory.CreateDirectory(_directory);
        await using var gateway = new WebApplicationFactory<Program>()
            .WithWebHostBuilder(web => web
                .UseSetting("Storage:SqlitePath", Path.Combine(_directory, "gateway.db"))
                // Busy CI cores would turn scheduling hiccups into queue-wait 503s; shedding is tested in the gateway tests.
                .UseSetting("Overload:MaxQueueWait", "00:00:00"));
        using var client = new GatewayClient([new Uri("http://localhost")], "dev-site-key", "dev-admin-key", TimeSpan.FromSeconds(30), gateway.Server.CreateHandler());

        var result = await WarmUp.RunAsync(client, Catalog, new WarmUpSettings(Customers: 12, EventsPerCustomer: 30, Concurrency: 4, Seed: 42), CancellationToken.None);

        Assert.Equal(0, result.Failed);
        Assert.Equal(36, result.Requests);
        var profile = GatewayRequests.Profile((await client.SendAsync(GatewayRequests.GetProfile("lt-000011"), CancellationToken.None)).Body);
        Assert.Equal(30, profile!.EventCount);
        Assert.Equal(30, profile.RecentEvents.Count);
        Assert.Contains(profile.RecentEvents, e => e.Type == EventTypes.Purchase);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
