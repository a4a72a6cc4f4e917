using System.Globalization;
using System.Text;

namespace PersoActors.Storage;

/// <summary>How a record maps onto Azure Table keys. One record is one partition, so every change to it (snapshot,
/// journal entry, head) can be one entity-group transaction. Row keys: <c>head</c> (the commit point), <c>d-GEN-PART</c>
/// (pieces of a snapshot too large for the head) and <c>j-GEN-SEQ-PART</c> (journal entries), where GEN names the
/// snapshot the entity belongs to, so everything of a superseded snapshot is unreachable the moment the head moves on.</summary>
internal static class AzureTableKeys
{
    public const string Head = "head";

    /// <summary>The partition key of a record: its three key parts, escaped and joined by '|'. Table keys may not hold
    /// '/', '\', '#', '?' or control characters; everything but letters, digits, '-', '_' and '.' is written as
    /// '~' and the hex of its UTF-8 bytes, so the mapping is one-to-one and '|' never occurs inside a part.</summary>
    public static string Partition(RecordKey key) =>
        string.Join('|', Escape(key.GrainType), Escape(key.GrainKey), Escape(key.StateName));

    public static string SnapshotPiece(string generation, int piece) =>
        string.Create(CultureInfo.InvariantCulture, $"d-{generation}-{piece:D4}");

    public static string JournalPiece(string generation, long sequence, int piece) =>
        string.Create(CultureInfo.InvariantCulture, $"{JournalPrefix(generation)}{sequence:D10}-{piece:D4}");

    public static string JournalPrefix(string generation) => $"j-{generation}-";

    /// <summary>Whether <paramref name="rowKey"/> belongs to the snapshot <paramref name="generation"/> (its head
    /// pieces or its journal).</summary>
    public static bool BelongsTo(string rowKey, string generation) =>
        rowKey == Head || rowKey.StartsWith($"d-{generation}-", StringComparison.Ordinal) || rowKey.StartsWith(JournalPrefix(generation), StringComparison.Ordinal);

    /// <summary>The sequence number of a journal row key of <paramref name="generation"/>.</summary>
    public static long JournalSequence(string rowKey, string generation) =>
        long.Parse(rowKey.AsSpan(JournalPrefix(generation).Length, 10), NumberStyles.None, CultureInfo.InvariantCulture);

    private static string Escape(string part)
    {
        var text = new StringBuilder(part.Length);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in part.EnumerateRunes())
        {
            if (rune.IsAscii && (Rune.IsLetterOrDigit(rune) || rune.Value is '-' or '_' or '.'))
            {
                text.Append((char)rune.Value);
                continue;
            }

            var length = rune.EncodeToUtf8(bytes);
            foreach (var b in bytes[..length])
            {
                text.Append('~').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }
}
