using FsCheck;
using FsCheck.Fluent;
using PersoActors.Tests.Shared;
using PersoActors.LoadTest.Metrics;

namespace PersoActors.LoadTest.Tests;

public sealed class LatencyHistogramTests
{
    private static readonly double[] Percentiles = [50, 90, 99, 99.9, 100];

    [Fact]
    public void Percentiles_of_a_uniform_distribution_are_within_one_percent_of_the_exact_values()
    {
        var histogram = new LatencyHistogram();
        for (var v = 1; v <= 100_000; v++)
        {
            histogram.Record(v);
        }

        Assert.Equal(100_000, histogram.TotalCount);
        Assert.Equal(1, histogram.Min);
        Assert.Equal(100_000, histogram.Max);
        Assert.Equal(50_000.5, histogram.Mean, 6);
        foreach (var p in Percentiles)
        {
            var exact = (long)Math.Ceiling(p / 100 * 100_000);
            AssertClose(exact, histogram.ValueAtPercentile(p));
        }
    }

    [Fact]
    public void Percentiles_of_a_long_tailed_distribution_match_the_sorted_sample()
    {
        // Log-normal latencies around 2 ms with a heavy tail up to seconds: the shape load tests see.
        var random = new Random(7);
        var values = Enumerable.Range(0, 200_000)
            .Select(_ => (long)Math.Exp(Math.Log(2_000) + 1.2 * Gaussian(random)))
            .ToArray();
        var histogram = new LatencyHistogram();
        foreach (var v in values)
        {
            histogram.Record(v);
        }

        Array.Sort(values);
        foreach (var p in Percentiles)
        {
            AssertClose(Exact(values, p), histogram.ValueAtPercentile(p));
        }

        Assert.Equal(values[^1], histogram.Max);
        Assert.Equal(values[0], histogram.Min);
    }

    [Fact]
    public void Small_values_are_counted_exactly()
    {
        var histogram = new LatencyHistogram();
        foreach (var v in new long[] { 0, 1, 2, 3, 200, 255 })
        {
            histogram.Record(v);
        }

        Assert.Equal([0, 1, 2, 3, 200, 255], histogram.Buckets().Select(b => b.Low));
        Assert.All(histogram.Buckets(), b => Assert.Equal(b.Low, b.High));
        Assert.Equal(2, histogram.ValueAtPercentile(50)); // rank ceil(0.5 × 6) = 3rd value
    }

    [Fact]
    public void Values_beyond_the_trackable_range_are_clamped_not_lost()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(-5);
        histogram.Record(long.MaxValue);
        Assert.Equal(2, histogram.TotalCount);
        Assert.Equal(0, histogram.Min);
        Assert.Equal(LatencyHistogram.HighestTrackableValue, histogram.Max);
    }

    [Fact]
    public void Merging_per_worker_histograms_equals_recording_everything_in_one()
    {
        var random = new Random(11);
        var values = Enumerable.Range(0, 100_000).Select(_ => (long)random.Next(1, 5_000_000)).ToArray();
        var single = new LatencyHistogram();
        foreach (var v in values)
        {
            single.Record(v);
        }

        var workers = Enumerable.Range(0, 4).Select(_ => new LatencyHistogram()).ToArray();
        Parallel.For(0, workers.Length, w =>
        {
            for (var i = w; i < values.Length; i += workers.Length)
            {
                workers[w].Record(values[i]);
            }
        });
        var merged = LatencyHistogram.Merge(workers);

        Assert.Equal(single.Buckets(), merged.Buckets());
        Assert.Equal(single.TotalCount, merged.TotalCount);
        Assert.Equal(single.Min, merged.Min);
        Assert.Equal(single.Max, merged.Max);
        Assert.Equal(single.Mean, merged.Mean, 9);
        foreach (var p in Percentiles)
        {
            Assert.Equal(single.ValueAtPercentile(p), merged.ValueAtPercentile(p));
        }
    }

    [Fact]
    public void Concurrent_recording_into_one_histogram_loses_no_counts()
    {
        var histogram = new LatencyHistogram();
        Parallel.For(0, 8, w =>
        {
            for (var i = 0; i < 50_000; i++)
            {
                histogram.Record(i % 1000 + w);
            }
        });

        Assert.Equal(400_000, histogram.TotalCount);
        Assert.Equal(400_000, histogram.Buckets().Sum(b => b.Count));
    }

    [Fact]
    public void Any_percentile_is_never_below_the_exact_value_and_within_the_bucket_resolution()
    {
        var property = Prop.ForAll(
            Gen.ArrayOf(Gen.Choose(0, int.MaxValue).Select(v => (long)v)).Where(a => a.Length > 0).ToArbitrary(),
            Gen.Choose(1, 1000).Select(p => p / 10.0).ToArbitrary(),
            (values, p) =>
            {
                var histogram = new LatencyHistogram();
                foreach (var v in values)
                {
                    histogram.Record(v);
                }

                var sorted = values.Order().ToArray();
                var exact = Exact(sorted, p);
                var reported = histogram.ValueAtPercentile(p);
                return reported >= exact && LatencyHistogram.AreEquivalent(reported, exact);
            });
        PropertyRun.Check(property, tests: 300);
    }

    private static long Exact(long[] sorted, double percentile) =>
        sorted[Math.Max(0, (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1)];

    private static void AssertClose(long exact, long reported)
    {
        Assert.True(reported >= exact, $"reported {reported} is below the exact {exact}");
        Assert.True(reported <= exact * (1 + 1.0 / LatencyHistogram.SubBucketCount) + 1, $"reported {reported} is more than 0.8% above the exact {exact}");
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
