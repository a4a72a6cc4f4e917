using System.Diagnostics;
using PersoActors.LoadTest.Engine;
using PersoActors.LoadTest.Tests.Infrastructure;

namespace PersoActors.LoadTest.Tests;

public sealed class RateControlTests
{
    [Fact]
    public async Task Open_model_sends_at_the_target_rate_within_five_percent()
    {
        await using var server = await CountingServer.StartAsync();
        var (console, _) = TestConsole.Create();
        const double rate = 400;
        var settings = new LoadTestSettings
        {
            Targets = [server.BaseAddress],
            Model = LoadModel.Open,
            Rate = rate,
            Duration = TimeSpan.FromSeconds(3),
            ThinkTime = TimeSpan.FromMilliseconds(50),
            OutputDirectory = null,
            PlainOutput = true,
        };

        // A cold process spends its first second JIT-compiling the HTTP client and server, and opening the
        // connections: a start-up stall, not the generator's rate. So warm up first, on the pool of connections
        // (bounded, as in every run) that the measured run reuses.
        var connections = new KeptOpenHandler();
        using var pool = connections.Pool;
        await new LoadTestRunner(settings with { Duration = TimeSpan.FromSeconds(1) }, console, connections).RunAsync(CancellationToken.None);
        server.Arrivals.Clear();

        var outcome = await new LoadTestRunner(settings, console, connections).RunAsync(CancellationToken.None);

        var arrivals = server.Arrivals.Select(a => a.Timestamp).Order().ToArray();
        Assert.Equal(1200, arrivals.Length);
        var observedSeconds = Stopwatch.GetElapsedTime(arrivals[0], arrivals[^1]).TotalSeconds;
        var observedRate = (arrivals.Length - 1) / observedSeconds;
        Assert.InRange(observedRate, rate * 0.95, rate * 1.05);
        Assert.InRange(outcome.Report.Total.ThroughputPerSecond, rate * 0.95, rate * 1.05);
        Assert.Equal(0, outcome.Report.Total.Errors);
        Assert.Equal(0, outcome.Report.Generator.DroppedByGenerator);
    }

    [Fact]
    public async Task Ramp_up_climbs_linearly_and_is_kept_out_of_the_figures()
    {
        await using var server = await CountingServer.StartAsync();
        var (console, _) = TestConsole.Create();
        var settings = new LoadTestSettings
        {
            Targets = [server.BaseAddress],
            Rate = 200,
            RampUp = TimeSpan.FromSeconds(1),
            Duration = TimeSpan.FromSeconds(1),
            OutputDirectory = null,
            PlainOutput = true,
        };

        var outcome = await new LoadTestRunner(settings, console).RunAsync(CancellationToken.None);

        Assert.Equal(300, server.Arrivals.Count); // 200/2 while ramping, then 200
        Assert.Equal(100, outcome.Report.Generator.RampUpRequests);
        Assert.Equal(200, outcome.Report.Total.Requests);
    }

    [Fact]
    public async Task Closed_model_users_wait_for_each_answer_before_the_next_request()
    {
        await using var server = await CountingServer.StartAsync(responseDelay: TimeSpan.FromMilliseconds(20));
        var (console, _) = TestConsole.Create();
        var settings = new LoadTestSettings
        {
            Targets = [server.BaseAddress],
            Model = LoadModel.Closed,
            Users = 5,
            ThinkTime = TimeSpan.Zero,
            Duration = TimeSpan.FromSeconds(2),
            OutputDirectory = null,
            PlainOutput = true,
        };

        var outcome = await new LoadTestRunner(settings, console).RunAsync(CancellationToken.None);

        // Never more than one request per user in flight, so at most 5 users × 2 s / 20 ms answers.
        Assert.InRange(server.MaxInProgress, 1, 5);
        Assert.InRange(outcome.Report.Total.Requests, 10, 5 * 100 + 5);
        Assert.Equal(outcome.Report.Total.Requests, server.Arrivals.Count);
        Assert.Equal(0, outcome.Report.Total.Errors);
        Assert.True(outcome.Report.Total.LatencyMs.P50 >= 20, "latency includes the server's 20 ms");
    }

    [Fact]
    public void The_schedule_sends_rate_times_duration_plus_half_the_ramp()
    {
        var schedule = new ArrivalSchedule(100, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3));
        var sends = 0L;
        while (schedule.SendTime(sends) is not null)
        {
            sends++;
        }

        Assert.Equal(400, sends);
        Assert.Equal(400, schedule.TotalSends);
        Assert.Equal(TimeSpan.FromSeconds(2), schedule.SendTime(100));
        Assert.Equal(TimeSpan.FromSeconds(1), schedule.SendTime(25)); // a quarter of the ramp's sends by half its time
    }
}
