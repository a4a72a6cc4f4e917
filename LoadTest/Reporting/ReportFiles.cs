using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PersoActors.LoadTest.Reporting;

/// <summary>The report as JSON (everything) and as CSV (one row per endpoint, for spreadsheets and plots).</summary>
public static class ReportFiles
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static readonly string[] CsvHeader =
    [
        "endpoint", "requests", "ok", "errors", "unavailable", "throughput_rps",
        "p50_ms", "p90_ms", "p99_ms", "p999_ms", "max_ms", "mean_ms",
        "service_p50_ms", "service_p90_ms", "service_p99_ms", "service_p999_ms", "service_max_ms", "service_mean_ms",
        "errors_by_status",
    ];

    public static string ToJson(RunReport report) => JsonSerializer.Serialize(report, Json);

    public static RunReport FromJson(string json) =>
        JsonSerializer.Deserialize<RunReport>(json, Json) ?? throw new InvalidDataException("The report file is empty.");

    /// <summary>Header, then the "all" row, then one row per endpoint.</summary>
    public static string ToCsv(RunReport report)
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', CsvHeader).Append('\n');
        foreach (var e in report.Endpoints.Prepend(report.Total))
        {
            var l = e.LatencyMs;
            var s = e.ServiceTimeMs;
            string[] fields =
            [
                Quote(e.Endpoint), N(e.Requests), N(e.Ok), N(e.Errors), N(e.Unavailable), N(e.ThroughputPerSecond),
                N(l.P50), N(l.P90), N(l.P99), N(l.P999), N(l.Max), N(l.Mean),
                N(s.P50), N(s.P90), N(s.P99), N(s.P999), N(s.Max), N(s.Mean),
                Quote(string.Join(';', e.ErrorsByStatus.Select(kv => $"{kv.Key}:{N(kv.Value)}"))),
            ];
            csv.AppendJoin(',', fields).Append('\n');
        }

        return csv.ToString();
    }

    /// <summary>Reads rows written by <see cref="ToCsv"/> (the first one is the "all" row).</summary>
    public static IReadOnlyList<EndpointReport> FromCsv(string csv)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0 || !lines[0].TrimEnd('\r').Equals(string.Join(',', CsvHeader), StringComparison.Ordinal))
        {
            throw new InvalidDataException("Not a PersoActors load test CSV report (unexpected header).");
        }

        return lines.Skip(1).Select(line =>
        {
            var f = SplitCsvLine(line.TrimEnd('\r'));
            if (f.Count != CsvHeader.Length)
            {
                throw new InvalidDataException($"Expected {CsvHeader.Length} fields, found {f.Count}: {line}");
            }

            var errors = f[18].Length == 0
                ? new SortedDictionary<string, long>(StringComparer.Ordinal)
                : new SortedDictionary<string, long>(f[18].Split(';').Select(p => p.Split(':'))
                    .ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture)), StringComparer.Ordinal);
            return new EndpointReport(f[0], L(f[1]), L(f[2]), L(f[3]), L(f[4]), D(f[5]),
                new LatencySummary(D(f[6]), D(f[7]), D(f[8]), D(f[9]), D(f[10]), D(f[11])),
                new LatencySummary(D(f[12]), D(f[13]), D(f[14]), D(f[15]), D(f[16]), D(f[17])),
                errors);
        }).ToArray();
    }

    /// <summary>Writes report.json and report.csv into <paramref name="directory"/>; returns their paths.</summary>
    public static (string Json, string Csv) Write(RunReport report, string directory)
    {
        Directory.CreateDirectory(directory);
        var json = Path.Combine(directory, "report.json");
        var csv = Path.Combine(directory, "report.csv");
        File.WriteAllText(json, ToJson(report));
        File.WriteAllText(csv, ToCsv(report));
        return (json, csv);
    }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string N(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static long L(string text) => long.Parse(text, CultureInfo.InvariantCulture);

    private static double D(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static string Quote(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) < 0 ? text : $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static List<string> SplitCsvLine(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }
}
