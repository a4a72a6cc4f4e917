using System.Text;

namespace PersoActors.Gateway.Http;

/// <summary>Decodes an upload that must be UTF-8. A byte that is not UTF-8 is refused with its place rather than
/// replaced by U+FFFD, which would store garbled text (a Latin-1 export's "Café") as if it had been sent that way.</summary>
internal static class Utf8Body
{
    /// <summary>The text of <paramref name="bytes"/> without a leading byte order mark, or null and where the first
    /// broken byte is (1-based line, 0-based byte offset in the body).</summary>
    public static (string? Text, int Line, int Offset) Decode(ReadOnlySpan<byte> bytes)
    {
        var start = bytes.StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        var body = bytes[start..];
        if (System.Text.Unicode.Utf8.IsValid(body))
        {
            return (Encoding.UTF8.GetString(body), 0, 0);
        }

        var at = 0;
        while (Rune.DecodeFromUtf8(body[at..], out _, out var length) == System.Buffers.OperationStatus.Done)
        {
            at += length;
        }

        return (null, body[..at].Count((byte)'\n') + 1, start + at);
    }
}
