using System.Numerics;

namespace PersoActors.LoadTest.Metrics;

/// <summary>
/// A high-dynamic-range histogram of non-negative integer values (the load driver records microseconds).
/// Log-linear buckets: values below 2·<see cref="SubBucketCount"/> are counted exactly; above that every
/// power-of-two range is split into <see cref="SubBucketCount"/> equal sub-buckets, so a recorded value is
/// known to within 1/128 (&lt; 0.8%, about two significant digits) at any magnitude, in fixed memory.
/// Recording is lock-free and safe from many threads; histograms merge by adding counts.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBucketMagnitude = 7;

    /// <summary>Sub-buckets per power of two (128).</summary>
    public const int SubBucketCount = 1 << SubBucketMagnitude;

    /// <summary>The largest value kept as is; larger values are recorded as this value (about 19 hours in µs).</summary>
    public const long HighestTrackableValue = (1L << 36) - 1;

    private static readonly int BucketCount = IndexOf(HighestTrackableValue) + 1;

    private readonly long[] _counts = new long[BucketCount];
    private long _totalCount;
    private long _sum;
    private long _min = long.MaxValue;
    private long _max;

    /// <summary>Number of recorded values.</summary>
    public long TotalCount => Volatile.Read(ref _totalCount);

    /// <summary>Exact smallest recorded value (0 when empty).</summary>
    public long Min => TotalCount == 0 ? 0 : Volatile.Read(ref _min);

    /// <summary>Exact largest recorded value.</summary>
    public long Max => Volatile.Read(ref _max);

    /// <summary>Exact mean of the recorded values (0 when empty).</summary>
    public double Mean => TotalCount == 0 ? 0 : (double)Volatile.Read(ref _sum) / TotalCount;

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
        Interlocked.Add(ref _counts[IndexOf(value)], count);
        Interlocked.Add(ref _sum, value * count);
        Interlocked.Add(ref _totalCount, count);
        UpdateMin(value);
        UpdateMax(value);
    }

    /// <summary>Adds every count of <paramref name="other"/> to this histogram.</summary>
    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            var c = Volatile.Read(ref other._counts[i]);
            if (c != 0)
            {
                Interlocked.Add(ref _counts[i], c);
            }
        }

        var total = other.TotalCount;
        if (total == 0)
        {
            return;
        }

        Interlocked.Add(ref _sum, Volatile.Read(ref other._sum));
        Interlocked.Add(ref _totalCount, total);
        UpdateMin(other.Min);
        UpdateMax(other.Max);
    }

    /// <summary>A point-in-time copy (concurrent recording may continue on this one).</summary>
    public LatencyHistogram Snapshot()
    {
        var copy = new LatencyHistogram();
        copy.Add(this);
        return copy;
    }

    /// <summary>Merges several histograms into a new one.</summary>
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

        percentile = Math.Clamp(percentile, 0, 100);
        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100.0 * total));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Volatile.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return Math.Min(HighestEquivalentValue(i), Max);
            }
        }

        return Max;
    }

    /// <summary>Non-empty buckets as (lowest value, highest value, count), in ascending order.</summary>
    public IEnumerable<(long Low, long High, long Count)> Buckets()
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            var c = Volatile.Read(ref _counts[i]);
            if (c != 0)
            {
                yield return (LowestEquivalentValue(i), HighestEquivalentValue(i), c);
            }
        }
    }

    /// <summary>Whether two values fall in the same bucket (are indistinguishable to this histogram).</summary>
    public static bool AreEquivalent(long a, long b) => IndexOf(Math.Clamp(a, 0, HighestTrackableValue)) == IndexOf(Math.Clamp(b, 0, HighestTrackableValue));

    // Index = shift·S + (v >> shift) where shift = max(0, floor(log2 v) − 7): values below 2S map to themselves,
    // each further octave [2^m, 2^(m+1)) maps onto S consecutive indexes.
    private static int IndexOf(long value)
    {
        var shift = Math.Max(0, 63 - BitOperations.LeadingZeroCount((ulong)value | 1) - SubBucketMagnitude);
        return (shift << SubBucketMagnitude) + (int)(value >> shift);
    }

    private static (int Shift, long Sub) Decompose(int index)
    {
        if (index < 2 * SubBucketCount)
        {
            return (0, index);
        }

        var shift = (index >> SubBucketMagnitude) - 1;
        var sub = index - (shift << SubBucketMagnitude);
        return (shift, sub);
    }

    private static long LowestEquivalentValue(int index)
    {
        var (shift, sub) = Decompose(index);
        return sub << shift;
    }

    private static long HighestEquivalentValue(int index)
    {
        var (shift, sub) = Decompose(index);
        return ((sub + 1) << shift) - 1;
    }

    private void UpdateMin(long value)
    {
        var current = Volatile.Read(ref _min);
        while (value < current)
        {
            var seen = Interlocked.CompareExchange(ref _min, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private void UpdateMax(long value)
    {
        var current = Volatile.Read(ref _max);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref _max, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
