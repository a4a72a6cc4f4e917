using System.Diagnostics;
using PersoActors.Grains.Interfaces.Customers;
using Orleans;

namespace PersoActors.Bench.Activation;

/// <summary>Latency percentiles of one call per customer, and what a call cost the process: CPU time and allocated
/// bytes (all threads, so the silo's own work is in them; unlike the latencies they do not depend on queueing), and the
/// garbage collections that ran meanwhile (count per generation, total pause), which the tail waits behind, and the
/// methods the JIT compiled meanwhile (tier-up of code that is not yet optimized shows here).</summary>
internal sealed record Latency(int Calls, double CallsPerSecond, double P50Ms, double P99Ms, double MaxMs, double CpuUsPerCall, double AllocatedKbPerCall,
    int[] Collections, double GcPauseMs, long JitMethods, double JitMs)
{
    public override string ToString() =>
        $"{Calls,7:N0} calls {CallsPerSecond,9:N0}/s   p50 {P50Ms,6:N3} ms   p99 {P99Ms,6:N3} ms   max {MaxMs,7:N2} ms   " +
        $"{CpuUsPerCall,5:N0} µs CPU {AllocatedKbPerCall,6:N1} KB/call   GC {string.Join('/', Collections)} (gen0/1/2) paused {GcPauseMs,5:N0} ms   JIT {JitMethods,5:N0} methods {JitMs,5:N0} ms";

    /// <summary>Reads the consents of customers <paramref name="prefix"/>-0 … -(count-1) once each, with
    /// <paramref name="callers"/> concurrent callers, timing every call.</summary>
    public static async Task<Latency> FirstCallsAsync(IGrainFactory grains, string prefix, int count, int callers)
    {
        var millis = new double[count];
        var next = -1;
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var collectionsBefore = CollectionCounts();
        var pausedBefore = GC.GetTotalPauseDuration();
        var jitMethodsBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
        var jitTimeBefore = System.Runtime.JitInfo.GetCompilationTime();
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
        var paused = GC.GetTotalPauseDuration() - pausedBefore;
        var collections = CollectionCounts().Zip(collectionsBefore, (after, before) => after - before).ToArray();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        Array.Sort(millis);
        return new Latency(count, count / elapsed.TotalSeconds, At(millis, 0.50), At(millis, 0.99), millis[^1],
            cpu.TotalMicroseconds / count, allocated / 1024.0 / count, collections, paused.TotalMilliseconds,
            System.Runtime.JitInfo.GetCompiledMethodCount() - jitMethodsBefore, (System.Runtime.JitInfo.GetCompilationTime() - jitTimeBefore).TotalMilliseconds);
    }

    // A generation's count includes the collections of the older ones; each count here is of that generation alone.
    private static int[] CollectionCounts() =>
        [GC.CollectionCount(0) - GC.CollectionCount(1), GC.CollectionCount(1) - GC.CollectionCount(2), GC.CollectionCount(2)];

    private static double At(double[] sorted, double quantile) => sorted[Math.Min(sorted.Length - 1, (int)(quantile * sorted.Length))];
}
