using System.Diagnostics;

namespace PersoActors.Bench.Decisions;

/// <summary>Times single calls and reports percentiles in microseconds, CPU time and allocated bytes per call.</summary>
internal static class LatencyRecorder
{
    public sealed record Operation(string Key, string Name, int Iterations, Action<int> Call);

    public sealed record Figures(string Name, double P50, double P99, double P999, double Mean, double CpuMean, double AllocatedPerOp);

    /// <summary>Measures every operation, interleaved in rounds of <paramref name="round"/> calls, so that the load other
    /// processes put on this shared machine (which changes from second to second) weighs on all operations alike and
    /// their ratios to the baseline stay meaningful.</summary>
    public static List<Figures> Measure(IReadOnlyList<Operation> operations, int round = 250)
    {
        // Warm-up: at least a second per operation, since tiered JIT (with PGO) recompiles hot methods in the
        // background some time after their first calls, and measuring before that would time unoptimized code.
        foreach (var op in operations)
        {
            var warmUntil = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
            for (var i = 0; i < 2_000 || Stopwatch.GetTimestamp() < warmUntil; i++)
            {
                op.Call(i);
            }
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var samples = operations.Select(o => new double[o.Iterations]).ToArray();
        var done = new int[operations.Count];
        var cpu = new TimeSpan[operations.Count];
        var allocated = new long[operations.Count];
        var process = Process.GetCurrentProcess();
        for (var remaining = true; remaining;)
        {
            remaining = false;
            for (var o = 0; o < operations.Count; o++)
            {
                var (call, into) = (operations[o].Call, samples[o]);
                var end = Math.Min(into.Length, done[o] + round);
                if (done[o] == end)
                {
                    continue;
                }

                remaining = true;
                process.Refresh();
                var cpuStart = process.TotalProcessorTime;
                var allocatedStart = GC.GetAllocatedBytesForCurrentThread();
                for (var i = done[o]; i < end; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    call(i);
                    into[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
                }

                allocated[o] += GC.GetAllocatedBytesForCurrentThread() - allocatedStart;
                process.Refresh();
                cpu[o] += process.TotalProcessorTime - cpuStart;
                done[o] = end;
            }
        }

        return operations.Select((op, o) =>
        {
            var sorted = samples[o];
            Array.Sort(sorted);
            return new Figures(op.Name, At(sorted, 0.50), At(sorted, 0.99), At(sorted, 0.999), sorted.Average(),
                cpu[o].TotalMicroseconds / sorted.Length, (double)allocated[o] / sorted.Length);
        }).ToList();
    }

    /// <summary>Runs <paramref name="call"/> in a loop for a while, for an external sampling profiler (perf).</summary>
    public static long Spin(TimeSpan duration, Action<int> call)
    {
        var stop = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long calls = 0;
        while (Stopwatch.GetTimestamp() < stop)
        {
            for (var i = 0; i < 100; i++)
            {
                call((int)calls++);
            }
        }

        return calls;
    }

    private static double At(double[] sorted, double quantile) => sorted[Math.Min(sorted.Length - 1, (int)(quantile * sorted.Length))];
}
