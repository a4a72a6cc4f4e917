using System.Diagnostics;

namespace PersoActors.Bench.Runtime;

/// <summary>Runs a workload on several workers for a fixed time and reports rate and latency percentiles.</summary>
internal static class Measure
{
    public sealed record Result(string Name, double OpsPerSecond, double P50Micros, double P99Micros)
    {
        public override string ToString() =>
            $"{Name,-44} {OpsPerSecond,14:N0} ops/s   p50 {P50Micros,8:N2} µs   p99 {P99Micros,8:N2} µs";
    }

    /// <summary>Each worker calls <paramref name="operation"/> (with its worker index and an iteration
    /// number) in a loop; every 64th call is timed individually for the percentiles.</summary>
    public static async Task<Result> RunAsync(string name, int workers, TimeSpan duration, Func<int, int, Task> operation)
    {
        await Warmup(workers, operation);
        var samples = new List<long>[workers];
        var counts = new long[workers];
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var mine = samples[w] = new List<long>(1 << 16);
            var i = 0;
            while (true)
            {
                for (var batch = 0; batch < 63; batch++, i++)
                {
                    await operation(w, i);
                }

                var t0 = Stopwatch.GetTimestamp();
                await operation(w, i++);
                var t1 = Stopwatch.GetTimestamp();
                mine.Add(t1 - t0);
                if (t1 >= stopAt)
                {
                    break;
                }
            }

            counts[w] = i;
        })));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var sorted = samples.SelectMany(s => s).Order().ToArray();
        return new Result(name, counts.Sum() / elapsed, Percentile(sorted, 0.50), Percentile(sorted, 0.99));
    }

    private static async Task Warmup(int workers, Func<int, int, Task> operation)
    {
        for (var i = 0; i < 20_000; i++)
        {
            await operation(i % workers, i);
        }
    }

    private static double Percentile(long[] sortedTicks, double q) =>
        sortedTicks.Length == 0 ? 0 : sortedTicks[(int)Math.Min(sortedTicks.Length - 1, q * sortedTicks.Length)] * 1e6 / Stopwatch.Frequency;
}
