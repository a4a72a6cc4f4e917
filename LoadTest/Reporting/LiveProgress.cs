using System.Diagnostics;
using System.Globalization;
using PersoActors.LoadTest.Engine;
using PersoActors.LoadTest.Simulation;
using Spectre.Console;

namespace PersoActors.LoadTest.Reporting;

/// <summary>
/// Progress while the run goes: rate over the last interval, requests, errors, p50/p99 so far (of the current
/// phase). A live-updating table on a terminal; one plain line per interval when the output is redirected,
/// on CI (<c>CI=true</c>) or with <c>--plain</c>.
/// </summary>
public sealed class LiveProgress(IAnsiConsole console, PhasedMetrics metrics, ScenarioCounters scenario, TimeSpan total, Func<long> inFlight)
{
    public static bool ShouldUsePlainOutput(bool forced) =>
        forced || Console.IsOutputRedirected || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
        || !AnsiConsole.Profile.Capabilities.Interactive;

    public async Task RunAsync(bool plain, CancellationToken stop)
    {
        var sampler = new Sampler(metrics, scenario, inFlight);
        if (plain)
        {
            while (!stop.IsCancellationRequested)
            {
                await Delay(TimeSpan.FromSeconds(1), stop).ConfigureAwait(false);
                console.WriteLine(sampler.Next().ToLine(total));
            }

            return;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumns("elapsed", "phase", "rate req/s", "requests", "errors", "p50 ms", "p99 ms", "in flight", "sessions");
        await console.Live(table).AutoClear(false).StartAsync(async context =>
        {
            while (!stop.IsCancellationRequested)
            {
                await Delay(TimeSpan.FromMilliseconds(500), stop).ConfigureAwait(false);
                var s = sampler.Next();
                table.Rows.Clear();
                table.AddRow(s.Cells(total));
                context.Refresh();
            }
        }).ConfigureAwait(false);
    }

    private static async Task Delay(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed class Sampler(PhasedMetrics metrics, ScenarioCounters scenario, Func<long> inFlight)
    {
        private long _lastRequests;
        private long _lastTimestamp = Stopwatch.GetTimestamp();
        private bool _wasSteady;
        private TimeSpan _lastGcPause = GC.GetTotalPauseDuration();

        public Sample Next()
        {
            var now = Stopwatch.GetTimestamp();
            var steady = now >= metrics.SteadyStartTimestamp;
            var phase = steady ? metrics.Steady : metrics.RampUp;
            var requests = phase.TotalRequests;
            if (steady && !_wasSteady)
            {
                _lastRequests = 0; // the steady phase counts from zero
                _wasSteady = true;
            }

            var rate = (requests - _lastRequests) / Math.Max(1e-9, Stopwatch.GetElapsedTime(_lastTimestamp, now).TotalSeconds);
            _lastRequests = requests;
            _lastTimestamp = now;
            var latency = phase.AllLatency();
            var gcPause = GC.GetTotalPauseDuration();
            var driver = new DriverHealth(ThreadPool.ThreadCount, ThreadPool.PendingWorkItemCount, (gcPause - _lastGcPause).TotalMilliseconds);
            _lastGcPause = gcPause;
            return new Sample(Stopwatch.GetElapsedTime(metrics.StartTimestamp, now), steady ? "steady" : "ramp-up", rate, requests,
                phase.TotalErrors, latency.ValueAtPercentile(50) / 1000.0, latency.ValueAtPercentile(99) / 1000.0,
                inFlight(), scenario.SessionsStarted, driver);
        }
    }

    /// <summary>The driver's own state: a growing thread-pool queue or long GC pauses mean the driver, not the target, is late.</summary>
    private sealed record DriverHealth(int PoolThreads, long PoolQueue, double GcPauseMs);

    private sealed record Sample(TimeSpan Elapsed, string Phase, double Rate, long Requests, long Errors, double P50, double P99, long InFlight, long Sessions,
        DriverHealth Driver)
    {
        public string ToLine(TimeSpan total) => string.Create(CultureInfo.InvariantCulture,
            $"[{Elapsed.TotalSeconds,5:0}/{total.TotalSeconds:0} s] {Phase,-7} rate {Rate,8:0.0} req/s  requests {Requests,8}  errors {Errors,5}  p50 {P50,7:0.00} ms  p99 {P99,7:0.00} ms  in flight {InFlight,5}  sessions {Sessions}  driver: pool {Driver.PoolThreads} threads, {Driver.PoolQueue} queued, GC pauses {Driver.GcPauseMs:0} ms");

        public string[] Cells(TimeSpan total) =>
        [
            string.Create(CultureInfo.InvariantCulture, $"{Elapsed.TotalSeconds:0}/{total.TotalSeconds:0} s"), Phase,
            Rate.ToString("0.0", CultureInfo.InvariantCulture), Requests.ToString(CultureInfo.InvariantCulture),
            Errors.ToString(CultureInfo.InvariantCulture), P50.ToString("0.00", CultureInfo.InvariantCulture),
            P99.ToString("0.00", CultureInfo.InvariantCulture), InFlight.ToString(CultureInfo.InvariantCulture),
            Sessions.ToString(CultureInfo.InvariantCulture),
        ];
    }
}
