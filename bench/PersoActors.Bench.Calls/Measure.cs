using System.Diagnostics;

namespace PersoActors.Bench.Calls;

/// <summary>Runs a workload on several workers for a fixed time and reports rate and latency percentiles.</summary>
internal static class Measure
{
    public sealed record Result(string Name, double OpsPerSecond, double P50Micros, double P99Micros)
    {
        public override string ToString() =>
            $"{Name,-52} {OpsPerSecond,12:N0} ops/s   p50 {P50Micros,9:N2} µs   p99 {P99Micros,9:N2} µs";
    }

    /// <summary>Each worker awaits <paramref name="operation"/> (worker index, iteration) in a loop; every 64th call
    /// is timed. The worker yields after each 64 calls: a tight loop of awaits that complete synchronously would
    /// otherwise keep a thread from the silo's own work (timers, message pumps).</summary>
    public static Task<Result> RunAsync(string name, int workers, TimeSpan duration, Func<int, int, Task> operation) =>
        RunStepsAsync(name, workers, duration, async (w, i, samples) =>
        {
            for (var k = 0; k < 63; k++)
            {
                await operation(w, i + k);
            }

            var t0 = Stopwatch.GetTimestamp();
            await operation(w, i + 63);
            samples.Add(Stopwatch.GetTimestamp() - t0);
            await Task.Yield();
            return 64;
        });

    /// <summary>Each worker runs <paramref name="step"/> (worker, calls so far, samples to add to; returns the calls it
    /// made) in a loop until the time is up, after a warm-up of a quarter of it.</summary>
    public static async Task<Result> RunStepsAsync(string name, int workers, TimeSpan duration, Func<int, int, List<long>, Task<int>> step)
    {
        await Loop(workers, duration / 4, step);
        var started = Stopwatch.GetTimestamp();
        var (calls, samples) = await Loop(workers, duration, step);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var sorted = samples.Order().ToArray();
        return new Result(name, calls / elapsed, Percentile(sorted, 0.50), Percentile(sorted, 0.99));
    }

    private static async Task<(long Calls, IEnumerable<long> Samples)> Loop(int workers, TimeSpan duration, Func<int, int, List<long>, Task<int>> step)
    {
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var samples = new List<long>[workers];
        var counts = await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var mine = samples[w] = new List<long>(1 << 14);
            var calls = 0;
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                calls += await step(w, calls, mine);
            }

            return (long)calls;
        })));
        return (counts.Sum(), samples.SelectMany(s => s));
    }

    private static double Percentile(long[] sortedTicks, double q) =>
        sortedTicks.Length == 0 ? 0 : sortedTicks[(int)Math.Min(sortedTicks.Length - 1, q * sortedTicks.Length)] * 1e6 / Stopwatch.Frequency;
}
