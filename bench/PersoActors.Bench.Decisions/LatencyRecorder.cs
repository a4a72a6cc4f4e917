using System.Diagnostics;

namespace PersoActors.Bench.Decisions;

/// <summary>Times single calls and reports percentiles in microseconds, CPU time and allocated bytes per call.</summary>
internal static class LatencyRecorder
{
    public sealed record Figures(string Name, double P50, double P99, double P999, double Mean, double CpuMean, double AllocatedPerOp);

    public static Figures Measure(string name, int warmup, int iterations, Action<int> call)
    {
        // At least a second of warm-up as well: tiered JIT (with PGO) recompiles hot methods in the background
        // some time after their first calls, and measuring before that would time unoptimized code.
        var warmUntil = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
        for (var i = 0; i < warmup || Stopwatch.GetTimestamp() < warmUntil; i++)
        {
            call(i);
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var samples = new double[iterations];
        var allocatedStart = GC.GetAllocatedBytesForCurrentThread();
        var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            call(i);
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalMicroseconds / iterations;
        // The samples array was allocated before the start mark, so this counts only what the calls allocated.
        var allocated = (double)(GC.GetAllocatedBytesForCurrentThread() - allocatedStart) / iterations;
        Array.Sort(samples);
        return new Figures(name, At(samples, 0.50), At(samples, 0.99), At(samples, 0.999), samples.Average(), cpu, allocated);
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
