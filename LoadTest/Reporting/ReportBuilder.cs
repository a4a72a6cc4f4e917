using PersoActors.LoadTest.Api;
using PersoActors.LoadTest.Engine;
using PersoActors.LoadTest.Metrics;
using PersoActors.LoadTest.Simulation;

namespace PersoActors.LoadTest.Reporting;

/// <summary>Turns the measurements of a run into a <see cref="RunReport"/>.</summary>
public static class ReportBuilder
{
    public static RunReport Build(LoadTestSettings settings, DateTimeOffset startedAt, PhasedMetrics metrics, double measuredSeconds,
        ScenarioCounters scenario, EndpointAvailability availability, long? scheduledSends, CheckReport? check)
    {
        var steady = metrics.Steady;
        var seconds = Math.Max(measuredSeconds, 1e-9);
        var endpoints = steady.Endpoints()
            .Where(e => e.Stats.Requests > 0)
            .Select(e => Endpoint(e.Stats.Name, e.Stats.Counters(), e.Stats.LatencySnapshot(), e.Stats.ServiceSnapshot(), seconds))
            .ToArray();
        var all = steady.Endpoints().Select(e => e.Stats).ToArray();
        var totalCounters = new EndpointCounters("all", all.Sum(s => s.Requests), all.Sum(s => s.Ok),
            all.Sum(s => s.Counters().Unavailable), all.Sum(s => s.Errors),
            all.SelectMany(s => s.Counters().ErrorsByStatus).GroupBy(kv => kv.Key)
                .ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value)));
        var total = Endpoint("all", totalCounters, LatencyHistogram.Merge(all.Select(s => s.LatencySnapshot())),
            LatencyHistogram.Merge(all.Select(s => s.ServiceSnapshot())), seconds);

        var runSettings = new RunSettingsReport(
            settings.Model.ToString().ToLowerInvariant(),
            settings.Model == LoadModel.Open ? settings.Rate : null,
            settings.Model == LoadModel.Closed ? settings.Users : null,
            settings.Duration.TotalSeconds, settings.RampUp.TotalSeconds, settings.ThinkTime.TotalMilliseconds,
            settings.Targets.Select(t => t.ToString()).ToArray(), settings.Seed, settings.ReturningCustomers,
            settings.NewUserRatio, settings.CatalogSize,
            $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}",
            settings.Scenario.ToString().ToLowerInvariant(),
            settings.Connections);

        var lag = LatencyHistogram.Merge([metrics.RampUp.DispatchLag, steady.DispatchLag]);
        var generator = new GeneratorReport(scheduledSends,
            metrics.RampUp.DroppedByGenerator + steady.DroppedByGenerator,
            metrics.RampUp.Skipped + steady.Skipped,
            metrics.RampUp.TotalRequests,
            Summary(lag));

        var scenarioReport = new ScenarioReport(scenario.SessionsStarted, scenario.SessionsCompleted, scenario.NewUsers,
            scenario.ReturningUsers, scenario.Purchases, scenario.AbandonedCarts, scenario.EventsSent,
            scenario.EventsAcknowledged, scenario.EventsDropped);

        return new RunReport("PersoActors.LoadTest", startedAt, runSettings, Math.Round(measuredSeconds, 3), total, endpoints,
            generator, scenarioReport, availability.Unavailable().Select(GatewayRequests.Label).ToArray(), check);
    }

    public static LatencySummary Summary(LatencyHistogram h) => new(
        Ms(h.ValueAtPercentile(50)), Ms(h.ValueAtPercentile(90)), Ms(h.ValueAtPercentile(99)),
        Ms(h.ValueAtPercentile(99.9)), Ms(h.Max), Math.Round(h.Mean / 1000.0, 3));

    private static EndpointReport Endpoint(string name, EndpointCounters counters, LatencyHistogram latency, LatencyHistogram service, double seconds) =>
        new(name, counters.Requests, counters.Ok, counters.Errors, counters.Unavailable,
            Math.Round(counters.Requests / seconds, 1), Summary(latency), Summary(service),
            new SortedDictionary<string, long>(counters.ErrorsByStatus.ToDictionary(), StringComparer.Ordinal));

    private static double Ms(long micros) => micros / 1000.0;
}
