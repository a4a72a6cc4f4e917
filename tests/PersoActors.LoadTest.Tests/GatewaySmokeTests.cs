using PersoActors.LoadTest.Api;
using PersoActors.LoadTest.Engine;
using PersoActors.LoadTest.Tests.Infrastructure;

namespace PersoActors.LoadTest.Tests;

/// <summary>A few seconds of simulated users against the real gateway with its embedded silo and SQLite store.</summary>
public sealed class GatewaySmokeTests : IDisposable
{
    private readonly EmbeddedGatewayHost _host = new();

    [Fact]
    public async Task A_short_open_model_run_against_the_embedded_gateway_loses_no_acknowledged_event()
    {
        await using var gateway = _host.Start();
        var (console, _) = TestConsole.Create();
        var settings = EmbeddedGatewayHost.InProcessSettings with
        {
            Rate = 100,
            Duration = TimeSpan.FromSeconds(2),
            ThinkTime = TimeSpan.FromMilliseconds(20),
            // Every visitor is new and answers the consent banner first (the seed fixes who grants analytics). Returning
            // customers would find a fresh store without their consents, so their events would all be dropped.
            ReturningCustomers = 200,
            NewUserRatio = 1.0,
            UploadCatalog = true,
            CheckSample = 50,
            OutputDirectory = Path.Combine(_host.Directory, "report"),
        };

        // A cold gateway spends its first second JIT-compiling (first answers take ~0.5 s), so a 2-second run could end
        // before any visitor reaches the pages that send events. Warm it up with other visitors (another seed) first.
        var warmUp = settings with { Seed = settings.Seed + 1, Duration = TimeSpan.FromSeconds(1), CheckSample = 0, OutputDirectory = null };
        await new LoadTestRunner(warmUp, console, gateway.Server.CreateHandler()).RunAsync(CancellationToken.None);
        var (measuredConsole, output) = TestConsole.Create();

        var outcome = await new LoadTestRunner(settings, measuredConsole, gateway.Server.CreateHandler()).RunAsync(CancellationToken.None);

        var report = outcome.Report;
        var events = Assert.Single(report.Endpoints, e => e.Endpoint == GatewayRequests.Label(EndpointKind.TrackEvents));
        Assert.True(events.Ok > 0, output.ToString());
        Assert.Equal(0, report.Total.Errors);
        Assert.Equal(200, report.Total.Requests);
        Assert.True(report.Scenario.EventsAcknowledged > 0, output.ToString());
        Assert.NotNull(report.Check);
        Assert.True(report.Check.Passed, string.Join("\n", report.Check.Failures));
        Assert.True(report.Check.CustomersChecked > 0);
        Assert.Equal(0, outcome.ExitCode);
        Assert.True(File.Exists(outcome.JsonPath));
        Assert.True(File.Exists(outcome.CsvPath));
        Assert.True(File.Exists(_host.DatabasePath), "the gateway wrote to the test's own SQLite file");
        Assert.Contains("p99 ms", output.ToString());
    }

    public void Dispose() => _host.Dispose();
}
