using PersoActors.LoadTest.Engine;
using PersoActors.LoadTest.Tests.Infrastructure;

namespace PersoActors.LoadTest.Tests;

public sealed class ConnectionPoolTests
{
    [Fact]
    public async Task Open_model_never_uses_more_connections_than_allowed_and_counts_the_wait_in_latency()
    {
        // 4 connections × one 20 ms answer at a time serve at most 200 req/s: at 400 req/s the rest must wait.
        await using var server = await CountingServer.StartAsync(responseDelay: TimeSpan.FromMilliseconds(20));
        var (console, _) = TestConsole.Create();
        var settings = new LoadTestSettings
        {
            Targets = [server.BaseAddress],
            Rate = 400,
            Duration = TimeSpan.FromSeconds(1),
            ThinkTime = TimeSpan.Zero,
            Connections = 4,
            OutputDirectory = null,
            PlainOutput = true,
        };

        var outcome = await new LoadTestRunner(settings, console).RunAsync(CancellationToken.None);

        Assert.InRange(server.MaxInProgress, 1, 4);
        Assert.Equal(400, outcome.Report.Total.Requests);
        Assert.Equal(0, outcome.Report.Total.Errors);
        Assert.Equal(400, server.Arrivals.Count);
        Assert.Equal(4, outcome.Report.Settings.Connections);
        // At least 200 requests are still waiting when the schedule ends, so the last ones wait a second or more,
        // while each answer takes about 20 ms once sent.
        Assert.True(outcome.Report.Total.LatencyMs.P99 >= 500, $"p99 {outcome.Report.Total.LatencyMs.P99} ms includes the wait for a connection");
        Assert.True(outcome.Report.Total.ServiceTimeMs.P50 < outcome.Report.Total.LatencyMs.P50, "service time excludes the wait");
    }

    [Fact]
    public async Task Requests_that_waited_longer_than_the_timeout_are_timeouts_and_are_not_sent()
    {
        // One connection, 50 ms per answer: 20 req/s at most, against 100 scheduled in one second with a 200 ms timeout.
        await using var server = await CountingServer.StartAsync(responseDelay: TimeSpan.FromMilliseconds(50));
        var (console, _) = TestConsole.Create();
        var settings = new LoadTestSettings
        {
            Targets = [server.BaseAddress],
            Rate = 100,
            Duration = TimeSpan.FromSeconds(1),
            ThinkTime = TimeSpan.Zero,
            Connections = 1,
            RequestTimeout = TimeSpan.FromMilliseconds(200),
            OutputDirectory = null,
            PlainOutput = true,
        };

        var outcome = await new LoadTestRunner(settings, console).RunAsync(CancellationToken.None);

        Assert.Equal(100, outcome.Report.Total.Requests);
        Assert.True(outcome.Report.Total.ErrorsByStatus.GetValueOrDefault("timeout_before_send") > 50,
            string.Join(", ", outcome.Report.Total.ErrorsByStatus.Select(e => $"{e.Key}: {e.Value}")));
        Assert.InRange(server.Arrivals.Count, 1, 40); // ~1.2 s of sending at ≤ 20 req/s
        Assert.InRange(server.MaxInProgress, 1, 1);
    }

    [Fact]
    public async Task A_backlog_does_not_turn_returning_customers_into_new_ones()
    {
        // 2 connections × 20 ms: ≤ 100 req/s against 300 scheduled, so a backlog builds; 200 returning customers
        // are plenty for the ≤ 2 requests actually in progress, so no arrival may become a first-time visitor.
        await using var server = await CountingServer.StartAsync(responseDelay: TimeSpan.FromMilliseconds(20));
        var (console, _) = TestConsole.Create();
        var settings = new LoadTestSettings
        {
            Targets = [server.BaseAddress],
            Rate = 300,
            Duration = TimeSpan.FromSeconds(1),
            Scenario = Scenario.Recommendations,
            ReturningCustomers = 200,
            NewUserRatio = 0,
            ThinkTime = TimeSpan.Zero,
            Connections = 2,
            OutputDirectory = null,
            PlainOutput = true,
        };

        var outcome = await new LoadTestRunner(settings, console).RunAsync(CancellationToken.None);

        Assert.Equal(300, outcome.Report.Total.Requests);
        Assert.Equal(0, outcome.Report.Scenario.NewUsers);
        Assert.Equal(300, outcome.Report.Scenario.ReturningUsers);
    }
}
