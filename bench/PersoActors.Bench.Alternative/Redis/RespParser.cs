using System.Buffers.Text;
using System.Text;

namespace PersoActors.Bench.Alternative.Redis;

/// <summary>A reply: a simple string, an error, an integer or a bulk string (null when absent).</summary>
public sealed record RespReply(char Kind, byte[]? Bulk, string? Text, long Integer)
{
    public bool IsError => Kind == '-';
}

/// <summary>Parses one RESP2 reply from the front of a buffer, or says it is not complete yet. Arrays are not
/// needed for GET/SET/PING and are rejected.</summary>
public static class RespParser
{
    public static bool TryParse(ReadOnlySpan<byte> data, out RespReply reply, out int consumed)
    {
        reply = null!;
        consumed = 0;
        var lineEnd = data.IndexOf("\r\n"u8);
        if (data.IsEmpty || lineEnd < 0)
        {
            return false;
        }

        var line = data[1..lineEnd];
        switch ((char)data[0])
        {
            case '+' or '-':
                reply = new RespReply((char)data[0], null, Encoding.UTF8.GetString(line), 0);
                consumed = lineEnd + 2;
                return true;
            case ':':
                reply = new RespReply(':', null, null, Number(line));
                consumed = lineEnd + 2;
                return true;
            case '$':
                var length = Number(line);
                if (length < 0)
                {
                    reply = new RespReply('$', null, null, 0);
                    consumed = lineEnd + 2;
                    return true;
                }

                var total = lineEnd + 2 + (int)length + 2;
                if (data.Length < total)
                {
                    return false;
                }

                reply = new RespReply('$', data.Slice(lineEnd + 2, (int)length).ToArray(), null, 0);
                consumed = total;
                return true;
            default:
                throw new InvalidDataException($"Unsupported RESP reply type '{(char)data[0]}'.");
        }
    }

    private static long Number(ReadOnlySpan<byte> text) =>
        Utf8Parser.TryParse(text, out long value, out var read) && read == text.Length
            ? value
            : throw new InvalidDataException("Malformed RESP length.");
}
