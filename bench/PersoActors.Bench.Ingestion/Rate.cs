using System.Diagnostics;

namespace PersoActors.Bench.Ingestion;

/// <summary>Runs durable calls from several concurrent callers for a fixed time: calls/s, events/s, latency, CPU and disk bytes.</summary>
internal static class Rate
{
    public sealed record Result(string Name, int BatchSize, double WritesPerSecond, double P50Ms, double P99Ms, double CpuMicrosPerEvent, double DiskBytesPerEvent, double WritesPerCommit)
    {
        public double EventsPerSecond => WritesPerSecond * BatchSize;

        public override string ToString() =>
            $"{Name,-50} {WritesPerSecond,10:N0} calls/s {EventsPerSecond,10:N0} events/s   p50 {P50Ms,7:N2} ms   p99 {P99Ms,7:N2} ms";
    }

    /// <summary>Group commits and the operations they carried so far, from the silo's SQLite storage.</summary>
    public static Func<(long Commits, long Operations)> Commits { get; set; } = () => (0, 0);

    public static async Task<Result> MeasureAsync(string name, int callers, TimeSpan duration, int batchSize, Func<int, int, Task> call)
    {
        await RunAsync(callers, TimeSpan.FromSeconds(Math.Min(2, duration.TotalSeconds / 2)), call, null);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var disk = DiskBytesWritten();
        var commits = Commits();
        var samples = new List<long>[callers];
        var started = Stopwatch.GetTimestamp();
        var calls = await RunAsync(callers, duration, call, samples);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpuMicros = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds;
        var diskBytes = DiskBytesWritten() - disk;
        var committed = Commits();
        var perCommit = (committed.Operations - commits.Operations) / (double)Math.Max(1, committed.Commits - commits.Commits);
        var sorted = samples.SelectMany(s => s).Order().ToArray();
        var events = (double)calls * batchSize;
        return new Result(name, batchSize, calls / elapsed, Percentile(sorted, 0.5), Percentile(sorted, 0.99), cpuMicros / events, diskBytes / events, perCommit);
    }

    private static async Task<long> RunAsync(int callers, TimeSpan duration, Func<int, int, Task> call, List<long>[]? samples)
    {
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var counts = new long[callers];
        await Task.WhenAll(Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var mine = samples is null ? null : samples[c] = new List<long>(4096);
            var i = 0;
            while (true)
            {
                var t0 = Stopwatch.GetTimestamp();
                await call(c, i++);
                var t1 = Stopwatch.GetTimestamp();
                mine?.Add(t1 - t0);
                if (t1 >= stopAt)
                {
                    break;
                }
            }

            counts[c] = i;
        })));
        return counts.Sum();
    }

    /// <summary>Bytes this process caused to be written to the block layer (Linux /proc/self/io), or 0 elsewhere.</summary>
    private static long DiskBytesWritten()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/io"))
            {
                if (line.StartsWith("write_bytes:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan("write_bytes:".Length).Trim(), System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }

    private static double Percentile(long[] sortedTicks, double q) =>
        sortedTicks.Length == 0 ? 0 : sortedTicks[(int)Math.Min(sortedTicks.Length - 1, q * sortedTicks.Length)] * 1e3 / Stopwatch.Frequency;
}
