using System.Diagnostics;

namespace PersoActors.Bench.Decisions;

/// <summary>Times single calls and reports percentiles in microseconds.</summary>
internal static class LatencyRecorder
{
    public sealed record Figures(string Name, double P50, double P99, double P999, double Mean, double CpuMean);

    public static Figures Measure(string name, int warmup, int iterations, Action<int> call)
    {
        for (var i = 0; i < warmup; i++)
        {
            call(i);
        }

        GC.Collect();
        var samples = new double[iterations];
        var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            call(i);
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalMicroseconds / iterations;
        Array.Sort(samples);
        return new Figures(name, At(samples, 0.50), At(samples, 0.99), At(samples, 0.999), samples.Average(), cpu);
    }

    private static double At(double[] sorted, double quantile) => sorted[Math.Min(sorted.Length - 1, (int)(quantile * sorted.Length))];
}
