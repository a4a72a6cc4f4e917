using System.Text.Json;
using PersoActors.LoadTest.Reporting;

namespace PersoActors.LoadTest.Tests;

public sealed class ReportFormatTests
{
    [Fact]
    public void Json_report_round_trips()
    {
        var report = SampleReport();

        var back = ReportFiles.FromJson(ReportFiles.ToJson(report));

        Assert.Equal(ReportFiles.ToJson(report), ReportFiles.ToJson(back));
        Assert.Equal(report.Endpoints[1].ErrorsByStatus, back.Endpoints[1].ErrorsByStatus);
        Assert.Equal(report.Check!.Failures, back.Check!.Failures);
    }

    [Fact]
    public void Json_report_uses_camel_case_names_for_tools()
    {
        using var json = JsonDocument.Parse(ReportFiles.ToJson(SampleReport()));

        var endpoint = json.RootElement.GetProperty("endpoints")[0];
        Assert.Equal(12.345, endpoint.GetProperty("latencyMs").GetProperty("p99").GetDouble());
        Assert.Equal(500, json.RootElement.GetProperty("settings").GetProperty("rate").GetDouble());
    }

    [Fact]
    public void Csv_report_round_trips_every_endpoint_row_with_the_total_first()
    {
        var report = SampleReport();

        var rows = ReportFiles.FromCsv(ReportFiles.ToCsv(report));

        var expected = report.Endpoints.Prepend(report.Total).ToArray();
        Assert.Equal(expected.Length, rows.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(JsonSerializer.Serialize(expected[i]), JsonSerializer.Serialize(rows[i]));
        }
    }

    [Fact]
    public void Csv_quotes_fields_that_contain_separators()
    {
        var report = SampleReport();
        var odd = report.Endpoints[0] with { Endpoint = "POST /v1/x,\"y\"" };
        report = report with { Endpoints = [odd] };

        var rows = ReportFiles.FromCsv(ReportFiles.ToCsv(report));

        Assert.Equal("POST /v1/x,\"y\"", rows[1].Endpoint);
    }

    [Fact]
    public void Files_are_written_where_asked()
    {
        var directory = Path.Combine(Path.GetTempPath(), "lt-report-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (json, csv) = ReportFiles.Write(SampleReport(), directory);

            Assert.Equal(500, ReportFiles.FromJson(File.ReadAllText(json)).Settings.Rate);
            Assert.Equal(3, ReportFiles.FromCsv(File.ReadAllText(csv)).Count);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_file_that_is_not_a_report_is_rejected_clearly()
    {
        var error = Assert.Throws<InvalidDataException>(() => ReportFiles.FromCsv("a,b,c\n1,2,3\n"));
        Assert.Contains("header", error.Message);
    }

    private static RunReport SampleReport()
    {
        var latency = new LatencySummary(1.5, 4.25, 12.345, 30.001, 99.9, 2.718);
        var service = new LatencySummary(1.1, 3.2, 9.9, 20.5, 50, 1.9);
        var events = new EndpointReport("POST /v1/customers/{id}/events", 1000, 990, 10, 0, 333.3, latency, service,
            new SortedDictionary<string, long> { ["500"] = 7, ["timeout"] = 3 });
        var profile = new EndpointReport("GET /v1/customers/{id}", 100, 100, 0, 0, 33.3, latency, service, new SortedDictionary<string, long>());
        var total = new EndpointReport("all", 1100, 1090, 10, 0, 366.6, latency, service, new SortedDictionary<string, long> { ["500"] = 7, ["timeout"] = 3 });
        return new RunReport("PersoActors.LoadTest", new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero),
            new RunSettingsReport("open", 500, null, 3, 1, 500, ["http://127.0.0.1:5080/"], 42, 10_000, 0.3, 2000, "2 cores"),
            3.0, total, [events, profile],
            new GeneratorReport(1750, 0, 12, 250, new LatencySummary(0.05, 0.1, 0.3, 1, 2, 0.07)),
            new ScenarioReport(100, 80, 30, 70, 10, 5, 1200, 1100, 100),
            ["POST /v1/customers/{id}/recommendations"],
            new CheckReport(50, 600, 0, 0, true, []));
    }
}
