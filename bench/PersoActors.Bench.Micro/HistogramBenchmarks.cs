using BenchmarkDotNet.Attributes;
using PersoActors.LoadTest.Metrics;

namespace PersoActors.Bench.Micro;

/// <summary>The load driver's per-request bookkeeping: one latency recorded in <see cref="LatencyHistogram"/>
/// (values spread over 50 µs – 50 ms, as a loaded system's answers are).</summary>
[MemoryDiagnoser]
public class HistogramBenchmarks
{
    private const int Values = 1024;
    private readonly long[] values = new long[Values];
    private LatencyHistogram histogram = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        for (var i = 0; i < Values; i++)
        {
            values[i] = (long)(50 * Math.Pow(1000, random.NextDouble()));
        }

        histogram = new LatencyHistogram();
    }

    [Benchmark(OperationsPerInvoke = Values)]
    public void Record()
    {
        foreach (var value in values)
        {
            histogram.Record(value);
        }
    }
}
