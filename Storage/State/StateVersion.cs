using System.Globalization;

namespace PersoActors.Storage;

/// <summary>What a SQLite ETag stands for: the version of the state row and the sequence number of the last journal
/// entry appended after it ("7", or "7.3" after three appends). Appending does not touch the state row, so it costs
/// one small insert instead of a rewrite of the whole state.</summary>
internal readonly record struct StateVersion(long Row, long Journal)
{
    private static long lastFirstRow;

    /// <summary>Parses an ETag; null for null, and null for text that no store of ours produced (it cannot match).</summary>
    public static StateVersion? Parse(string? etag)
    {
        if (etag is null)
        {
            return null;
        }

        var dot = etag.IndexOf('.', StringComparison.Ordinal);
        var row = dot < 0 ? etag.AsSpan() : etag.AsSpan(0, dot);
        var journal = dot < 0 ? "0".AsSpan() : etag.AsSpan(dot + 1);
        return long.TryParse(row, NumberStyles.None, CultureInfo.InvariantCulture, out var r)
            && long.TryParse(journal, NumberStyles.None, CultureInfo.InvariantCulture, out var j)
            ? new StateVersion(r, j)
            : new StateVersion(-1, 0);
    }

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
