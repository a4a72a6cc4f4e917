using System.Text.Json;
using PersoActors.LoadTest.Api;
using PersoActors.LoadTest.Engine;
using PersoActors.LoadTest.Tests.Infrastructure;
using PersoActors.Tests.Shared;

namespace PersoActors.LoadTest.Tests;

/// <summary>Simulated shoppers exercising triggers: the driver installs the abandoned-cart trigger, shoppers who grant
/// marketing accept email, and their carts produce webhooks at a real Kestrel receiver.</summary>
public sealed class TriggerLoadTests : IDisposable
{
    private readonly EmbeddedGatewayHost _host = new();

    [Fact]
    public async Task Shoppers_with_marketing_consent_who_fill_a_cart_produce_abandoned_cart_messages()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var gateway = _host.Start(web => web
            .UseSetting("Orchestration:Destinations:crm:Url", receiver.Url)
            .UseSetting("Orchestration:Destinations:crm:Secret", "load")
            // A first attempt that fails on a starved machine (CI runs the test classes in parallel on 2 cores) is
            // retried within the wait below, not after the default 30 s backoff.
            .UseSetting("Orchestration:InitialBackoff", "00:00:01"));
        var (console, output) = TestConsole.Create();
        var settings = EmbeddedGatewayHost.InProcessSettings with
        {
            Rate = 200,
            Duration = TimeSpan.FromSeconds(3),
            ThinkTime = TimeSpan.FromMilliseconds(10),
            ReturningCustomers = 200,
            NewUserRatio = 1.0,
            TriggerDestination = "crm",
            TriggerDelay = TimeSpan.Zero,
        };

        // Whether a shopper who accepted email leaves a cart within one short run depends on how far the sessions get,
        // which a starved machine slows down: runs (each with new shoppers) go on until the first message arrives.
        var firstMessage = receiver.NextAsync();
        var runs = new List<RunOutcome>();
        do
        {
            runs.Add(await new LoadTestRunner(settings with { Seed = 42 + runs.Count }, console, gateway.Server.CreateHandler())
                .RunAsync(CancellationToken.None));
        }
        while (!firstMessage.IsCompleted);

        var accepted = Assert.Single(runs[0].Report.Endpoints, e => e.Endpoint == GatewayRequests.Label(EndpointKind.PatchPreferences));
        Assert.True(accepted.Ok > 0, output.ToString());
        var webhook = await firstMessage;
        using var body = JsonDocument.Parse(webhook.Body);
        Assert.Equal(GatewayRequests.AbandonedCartTriggerId, body.RootElement.GetProperty("triggerId").GetString());
        Assert.StartsWith("lt-", body.RootElement.GetProperty("customerId").GetString());
        Assert.True(body.RootElement.GetProperty("cart").GetProperty("lines").GetArrayLength() > 0);
    }

    [Fact]
    public async Task An_unconfigured_trigger_destination_stops_the_run_before_any_load()
    {
        await using var gateway = _host.Start();
        var (console, _) = TestConsole.Create();
        var settings = EmbeddedGatewayHost.InProcessSettings with { Duration = TimeSpan.FromSeconds(1), TriggerDestination = "nowhere" };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new LoadTestRunner(settings, console, gateway.Server.CreateHandler()).RunAsync(CancellationToken.None));
        Assert.Contains("\"destination\"", error.Message); // the gateway's problem+json names the field
    }

    public void Dispose() => _host.Dispose();
}
