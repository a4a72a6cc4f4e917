using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using PersoActors.LoadTest.Api;
using PersoActors.LoadTest.Engine;
using PersoActors.LoadTest.Tests.Infrastructure;
using PersoActors.Tests.Shared;

namespace PersoActors.LoadTest.Tests;

/// <summary>Simulated shoppers exercising triggers: the driver installs the abandoned-cart trigger, shoppers who grant
/// marketing accept email, and their carts produce webhooks at a real Kestrel receiver.</summary>
public sealed class TriggerLoadTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lt-trigger-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Shoppers_with_marketing_consent_who_fill_a_cart_produce_abandoned_cart_messages()
    {
        Directory.CreateDirectory(_directory);
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var gateway = new WebApplicationFactory<Program>()
            .WithWebHostBuilder(web => web
                .UseSetting("Storage:SqlitePath", Path.Combine(_directory, "gateway.db"))
                .UseSetting("Overload:MaxQueueWait", "00:00:00")
                .UseSetting("Orchestration:Destinations:crm:Url", receiver.Url)
                .UseSetting("Orchestration:Destinations:crm:Secret", "load")
                // A first attempt that fails on a starved machine (CI runs the test classes in parallel on 2 cores) is
                // retried within the wait below, not after the default 30 s backoff.
                .UseSetting("Orchestration:InitialBackoff", "00:00:01"));
        var (console, output) = TestConsole.Create();
        var settings = new LoadTestSettings
        {
            Targets = [new Uri("http://localhost")],
            ApiKey = "dev-site-key",
            AdminApiKey = "dev-admin-key",
            Rate = 200,
            Duration = TimeSpan.FromSeconds(3),
            ThinkTime = TimeSpan.FromMilliseconds(10),
            ReturningCustomers = 200,
            NewUserRatio = 1.0,
            TriggerDestination = "crm",
            TriggerDelay = TimeSpan.Zero,
            OutputDirectory = null,
            PlainOutput = true,
        };

        var outcome = await new LoadTestRunner(settings, console, gateway.Server.CreateHandler()).RunAsync(CancellationToken.None);

        var accepted = Assert.Single(outcome.Report.Endpoints, e => e.Endpoint == GatewayRequests.Label(EndpointKind.PatchPreferences));
        Assert.True(accepted.Ok > 0, output.ToString());
        var webhook = await receiver.NextAsync();
        using var body = JsonDocument.Parse(webhook.Body);
        Assert.Equal(GatewayRequests.AbandonedCartTriggerId, body.RootElement.GetProperty("triggerId").GetString());
        Assert.StartsWith("lt-", body.RootElement.GetProperty("customerId").GetString());
        Assert.True(body.RootElement.GetProperty("cart").GetProperty("lines").GetArrayLength() > 0);
    }

    [Fact]
    public async Task An_unconfigured_trigger_destination_stops_the_run_before_any_load()
    {
        Directory.CreateDirectory(_directory);
        await using var gateway = new WebApplicationFactory<Program>()
            .WithWebHostBuilder(web => web
                .UseSetting("Storage:SqlitePath", Path.Combine(_directory, "gateway.db"))
                .UseSetting("Overload:MaxQueueWait", "00:00:00"));
        var (console, _) = TestConsole.Create();
        var settings = new LoadTestSettings
        {
            Targets = [new Uri("http://localhost")],
            ApiKey = "dev-site-key",
            AdminApiKey = "dev-admin-key",
            Duration = TimeSpan.FromSeconds(1),
            TriggerDestination = "nowhere",
            OutputDirectory = null,
            PlainOutput = true,
        };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new LoadTestRunner(settings, console, gateway.Server.CreateHandler()).RunAsync(CancellationToken.None));
        Assert.Contains("\"destination\"", error.Message); // the gateway's problem+json names the field
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
