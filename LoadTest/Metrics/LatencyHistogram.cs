using HdrHistogram;

namespace PersoActors.LoadTest.Metrics;

/// <summary>
/// Latencies of the load driver (in microseconds) on HdrHistogram: two significant digits, so values below 256 are
/// counted exactly and above that every power-of-two range is split into <see cref="SubBucketCount"/> buckets (a
/// recorded value is known to within 1/128, &lt; 0.8%), in fixed memory. Recording is lock-free and safe from many
/// threads (<see cref="LongConcurrentHistogram"/>); histograms merge by adding counts. Min, max and mean are kept
/// exactly beside the buckets.
/// </summary>
public sealed class LatencyHistogram
{
    /// <summary>Buckets per power of two above 256: the histogram's relative precision is 1/<see cref="SubBucketCount"/>.</summary>
    public const int SubBucketCount = 128;

    /// <summary>The largest value kept as is; larger values are recorded as this value (about 19 hours in µs).</summary>
    public const long HighestTrackableValue = (1L << 36) - 1;

    private const int SignificantDigits = 2;
    private static readonly LongHistogram Shape = new(1, HighestTrackableValue, SignificantDigits);

    private readonly LongConcurrentHistogram counts = new(1, HighestTrackableValue, SignificantDigits);
    private long sum;
    private long min = long.MaxValue;
    private long max;

    /// <summary>Number of recorded values.</summary>
    public long TotalCount => counts.TotalCount;

    /// <summary>Exact smallest recorded value (0 when empty).</summary>
    public long Min => TotalCount == 0 ? 0 : Volatile.Read(ref min);

    /// <summary>Exact largest recorded value.</summary>
    public long Max => Volatile.Read(ref max);

    /// <summary>Exact mean of the recorded values (0 when empty).</summary>
    public double Mean => TotalCount == 0 ? 0 : (double)Volatile.Read(ref sum) / TotalCount;

    /// <summary>Records one value; negative values count as 0, values above <see cref="HighestTrackableValue"/> as that.</summary>
    public void Record(long value) => Record(value, 1);

    /// <summary>Records <paramref name="count"/> occurrences of a value.</summary>
    public void Record(long value, long count)
    {
        if (count <= 0)
        {
            return;
        }

        value = Math.Clamp(value, 0, HighestTrackableValue);
        counts.RecordValueWithCount(value, count);
        Interlocked.Add(ref sum, value * count);
        InterlockedMin(ref min, value);
        InterlockedMax(ref max, value);
    }

    /// <summary>Adds every count of <paramref name="other"/> to this histogram.</summary>
    public void Add(LatencyHistogram other)
    {
        if (other.TotalCount == 0)
        {
            return;
        }

        counts.Add(other.counts);
        Interlocked.Add(ref sum, Volatile.Read(ref other.sum));
        InterlockedMin(ref min, other.Min);
        InterlockedMax(ref max, other.Max);
    }

    /// <summary>A copy of the counts recorded so far.</summary>
    public LatencyHistogram Snapshot() => Merge([this]);

    /// <summary>A new histogram holding the counts of all of <paramref name="histograms"/>.</summary>
    public static LatencyHistogram Merge(IEnumerable<LatencyHistogram> histograms)
    {
        var merged = new LatencyHistogram();
        foreach (var h in histograms)
        {
            merged.Add(h);
        }

        return merged;
    }

    /// <summary>
    /// The value at or below which <paramref name="percentile"/> percent of the recorded values fall, reported
    /// as the highest value equivalent to the bucket that holds that rank (so never lower than the true value,
    /// and never above the recorded maximum).
    /// </summary>
    public long ValueAtPercentile(double percentile)
    {
        var total = TotalCount;
        if (total == 0)
        {
            return 0;
        }

        // The nearest rank, ceil(p·N): HdrHistogram rounds p·N to the nearest integer instead, which can report the
        // value below (p50 of two values would be the smaller). Asking for the middle of rank r's step selects rank r.
        var rank = Math.Max(1, (long)Math.Ceiling(Math.Clamp(percentile, 0, 100) / 100.0 * total));
        return Math.Min(counts.GetValueAtPercentile((rank - 0.25) / total * 100.0), Max);
    }

    /// <summary>Non-empty buckets as (lowest value, highest value, count), in ascending order.</summary>
    public IEnumerable<(long Low, long High, long Count)> Buckets() => counts.RecordedValues()
        .Select(v => (counts.LowestEquivalentValue(v.ValueIteratedTo), counts.HighestEquivalentValue(v.ValueIteratedTo), v.CountAtValueIteratedTo));

    /// <summary>Whether two values fall in the same bucket (are indistinguishable to this histogram).</summary>
    public static bool AreEquivalent(long a, long b) =>
        Shape.LowestEquivalentValue(Math.Clamp(a, 0, HighestTrackableValue)) == Shape.LowestEquivalentValue(Math.Clamp(b, 0, HighestTrackableValue));

    private static void InterlockedMin(ref long target, long value)
    {
        for (var current = Volatile.Read(ref target); value < current;)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        for (var current = Volatile.Read(ref target); value > current;)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
