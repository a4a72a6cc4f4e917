using System.Diagnostics;
using PersoActors.Grains.Interfaces.Customers;
using Orleans;

namespace PersoActors.Bench.Activation;

/// <summary>Latency percentiles of one call per customer, and what a call cost the process: CPU time and allocated
/// bytes (all threads, so the silo's own work is in them; unlike the latencies they do not depend on queueing).</summary>
internal sealed record Latency(int Calls, double CallsPerSecond, double P50Ms, double P99Ms, double MaxMs, double CpuUsPerCall, double AllocatedKbPerCall)
{
    public override string ToString() =>
        $"{Calls,7:N0} calls {CallsPerSecond,9:N0}/s   p50 {P50Ms,6:N3} ms   p99 {P99Ms,6:N3} ms   max {MaxMs,7:N2} ms   " +
        $"{CpuUsPerCall,5:N0} µs CPU {AllocatedKbPerCall,6:N1} KB/call";

    /// <summary>Reads the consents of customers <paramref name="prefix"/>-0 … -(count-1) once each, with
    /// <paramref name="callers"/> concurrent callers, timing every call.</summary>
    public static async Task<Latency> FirstCallsAsync(IGrainFactory grains, string prefix, int count, int callers)
    {
        var millis = new double[count];
        var next = -1;
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                var consents = await grains.GetGrain<ICustomerGrain>($"{prefix}-{i}").GetConsentsAsync();
                millis[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (consents.Count == 0)
                {
                    throw new InvalidOperationException($"{prefix}-{i} came back without its stored consents.");
                }
            }
        })));
        var elapsed = clock.Elapsed;
        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        Array.Sort(millis);
        return new Latency(count, count / elapsed.TotalSeconds, At(millis, 0.50), At(millis, 0.99), millis[^1],
            cpu.TotalMicroseconds / count, allocated / 1024.0 / count);
    }

    private static double At(double[] sorted, double quantile) => sorted[Math.Min(sorted.Length - 1, (int)(quantile * sorted.Length))];
}
