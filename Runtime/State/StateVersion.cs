using System.Globalization;

namespace PersoActors.Runtime.State;

/// <summary>What an ETag of the group-committing stores stands for: the version of the state row and the sequence
/// number of the last journal entry appended after it ("7", or "7.3" after three appends). Appending does not touch
/// the state row, so it costs one small insert instead of a rewrite of the whole state.</summary>
internal readonly record struct StateVersion(long Row, long Journal)
{
    public static StateVersion? Parse(string? etag)
    {
        if (etag is null)
        {
            return null;
        }

        var dot = etag.IndexOf('.', StringComparison.Ordinal);
        return dot < 0
            ? new StateVersion(long.Parse(etag, NumberStyles.None, CultureInfo.InvariantCulture), 0)
            : new StateVersion(
                long.Parse(etag.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture),
                long.Parse(etag.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture));
    }

    private static long lastFirstRow;

    /// <summary>The row version a new record starts at: microseconds since 1970, strictly increasing in this process.
    /// A record that is erased and created again must not reuse the versions of its previous life, or an activation
    /// still holding an ETag from before the erasure could overwrite the new record. A grain writes at most once per
    /// durable commit (far longer than a microsecond), so the old life's versions stay below the new start.</summary>
    public static long FirstRow()
    {
        var now = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / 10;
        while (true)
        {
            var last = Interlocked.Read(ref lastFirstRow);
            var next = Math.Max(now, last + 1);
            if (Interlocked.CompareExchange(ref lastFirstRow, next, last) == last)
            {
                return next;
            }
        }
    }

    public override string ToString() => Journal == 0
        ? Row.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{Row}.{Journal}");
}
