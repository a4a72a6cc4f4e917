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

        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("endpoint")
            .AddColumn(new TableColumn("requests").RightAligned())
            .AddColumn(new TableColumn("req/s").RightAligned())
            .AddColumn("errors")
            .AddColumn(new TableColumn("unavail.").RightAligned())
            .AddColumn(new TableColumn("p50 ms").RightAligned())
            .AddColumn(new TableColumn("p90 ms").RightAligned())
            .AddColumn(new TableColumn("p99 ms").RightAligned())
            .AddColumn(new TableColumn("p99.9 ms").RightAligned())
            .AddColumn(new TableColumn("max ms").RightAligned());
        foreach (var e in report.Endpoints.Append(report.Total))
        {
            var l = e.LatencyMs;
            var errors = e.Errors == 0 ? "0" : $"{e.Errors} ({string.Join(", ", e.ErrorsByStatus.Select(kv => $"{kv.Key}: {kv.Value}"))})";
            table.AddRow(Markup.Escape(e.Endpoint), I(e.Requests), F(e.ThroughputPerSecond, "0.0"), Markup.Escape(errors),
                I(e.Unavailable), F(l.P50), F(l.P90), F(l.P99), F(l.P999), F(l.Max));
        }

        console.Write(table);
        var g = report.Generator;
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"latency is measured from the scheduled send time; driver lateness p50 {g.DispatchLagMs.P50:0.###} ms, p99 {g.DispatchLagMs.P99:0.###} ms, max {g.DispatchLagMs.Max:0.###} ms; dropped by driver {g.DroppedByGenerator}; ramp-up requests {g.RampUpRequests}"));
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

    private static string I(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string F(double value, string format = "0.00") => value.ToString(format, CultureInfo.InvariantCulture);
}
