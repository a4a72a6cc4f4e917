using System.Globalization;
using Spectre.Console;

namespace PersoActors.LoadTest.Reporting;

/// <summary>Prints the report: one row per endpoint, then the driver's and the scenario's figures.</summary>
public static class ReportTable
{
    public static void Write(IAnsiConsole console, RunReport report)
    {
        var settings = report.Settings;
        var load = settings.Model == "open" ? $"{settings.Rate:0.#} req/s" : $"{settings.Users} users";
        console.WriteLine();
        console.MarkupLine($"[bold]{settings.Model} model, {Markup.Escape(load)}, {report.MeasuredSeconds:0.#} s measured (ramp-up {settings.RampUpSeconds:0.#} s excluded), seed {settings.Seed}[/]");

        if (console.Profile.Width < 140)
        {
            WriteNarrow(console, report);
        }
        else
        {
            WriteWide(console, report);
        }

        foreach (var e in report.Endpoints.Where(e => e.Errors > 0))
        {
            console.WriteLine($"errors of {e.Endpoint}: {string.Join(", ", e.ErrorsByStatus.Select(kv => $"{kv.Key} × {kv.Value}"))}");
        }

        var g = report.Generator;
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"latency is measured from the scheduled send time; wait before sending (for a free connection, or a late driver) p50 {g.DispatchLagMs.P50:0.###} ms, p99 {g.DispatchLagMs.P99:0.###} ms, max {g.DispatchLagMs.Max:0.###} ms; dropped by driver {g.DroppedByGenerator}; ramp-up requests {g.RampUpRequests}"));
        var s = report.Scenario;
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sessions {s.SessionsStarted} started / {s.SessionsCompleted} completed ({s.NewUsers} new, {s.ReturningUsers} returning users); purchases {s.Purchases}, abandoned carts {s.AbandonedCarts}; events sent {s.EventsSent}, acknowledged {s.EventsAcknowledged}, dropped {s.EventsDropped}"));
        if (report.UnavailableEndpoints.Count > 0)
        {
            console.WriteLine($"unavailable on the gateway (skipped): {string.Join(", ", report.UnavailableEndpoints)}");
        }

        if (report.Check is { } check)
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"check {(check.Passed ? "PASSED" : "FAILED")}: {check.CustomersChecked} customers read back, {check.EventsExpected} acknowledged events expected, {check.EventsMissing} missing, {check.CustomersFailed} customers failed"));
            foreach (var failure in check.Failures)
            {
                console.WriteLine($"  {failure}");
            }
        }
    }

    private static void WriteWide(IAnsiConsole console, RunReport report)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumn(new TableColumn("endpoint").NoWrap());
        foreach (var header in new[] { "requests", "req/s", "errors", "unavail.", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms" })
        {
            table.AddColumn(new TableColumn(header).NoWrap().RightAligned());
        }

        foreach (var e in report.Endpoints.Append(report.Total))
        {
            var l = e.LatencyMs;
            table.AddRow(Markup.Escape(e.Endpoint), I(e.Requests), F(e.ThroughputPerSecond, "0.0"), I(e.Errors), I(e.Unavailable),
                F(l.P50), F(l.P90), F(l.P99), F(l.P999), F(l.Max));
        }

        console.Write(table);
    }

    /// <summary>Fits an 80-column terminal: short endpoint names, no "unavailable" column (listed below).</summary>
    private static void WriteNarrow(IAnsiConsole console, RunReport report)
    {
        static string Row(string endpoint, string requests, string rate, string errors, string[] latencies) =>
            $"{endpoint,-22}{requests,8}{rate,7}{errors,7}{string.Concat(latencies.Select(l => $"{l,7}"))}";

        console.WriteLine("latency percentiles in ms");
        console.WriteLine(Row("endpoint", "requests", "req/s", "errors", ["p50", "p90", "p99", "p99.9", "max"]));
        console.WriteLine(new string('-', 79));
        foreach (var e in report.Endpoints.Append(report.Total))
        {
            var l = e.LatencyMs;
            console.WriteLine(Row(Shorten(e.Endpoint), I(e.Requests), F(e.ThroughputPerSecond, "0"), I(e.Errors),
                [.. new[] { l.P50, l.P90, l.P99, l.P999, l.Max }.Select(v => F(v, v >= 100 ? "0" : "0.00"))]));
        }
    }

    /// <summary>"POST /v1/customers/{id}/events" → "POST …/events", so the table fits an 80-column terminal.</summary>
    private static string Shorten(string endpoint) => endpoint
        .Replace("/v1/customers/{id}/", "…/", StringComparison.Ordinal)
        .Replace("/v1/customers/{id}", "…/profile", StringComparison.Ordinal)
        .Replace("/v1/decisions/{decisionId}/", "…/decision/", StringComparison.Ordinal)
        .Replace("/v1/catalog/", "…/catalog/", StringComparison.Ordinal);

    private static string I(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string F(double value, string format = "0.00") => value.ToString(format, CultureInfo.InvariantCulture);
}
