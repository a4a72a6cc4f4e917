using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>What a decision id says about its decision.</summary>
public sealed record DecodedDecision(string CustomerId, DateTimeOffset IssuedAt, IReadOnlyList<ExperimentAssignment> Experiments);

/// <summary>Self-describing, signed decision ids: <c>d1_</c> + base64url(payload ‖ HMAC-SHA256(key, payload)[..12]).
/// Payload: version byte 1, issued-at (Unix ms, int64 big-endian), 8 random bytes, customer id, experiment count,
/// then (experiment id, variant) pairs; strings are uint16 length + UTF-8. Serving a decision writes nothing;
/// feedback decodes the id, and the MAC stops forged ids from crediting variants.</summary>
public sealed class DecisionIdCodec(string key)
{
    public const string Prefix = "d1_";
    private const byte Version = 1;
    private const int MacLength = 12;
    private const int MaxString = 1024;
    private readonly byte[] keyBytes = Encoding.UTF8.GetBytes(key);

    public string Create(string customerId, DateTimeOffset issuedAt, IReadOnlyList<ExperimentAssignment> experiments)
    {
        var size = 1 + 8 + 8 + Size(customerId) + 1 + experiments.Sum(e => Size(e.ExperimentId) + Size(e.Variant));
        var buffer = new byte[size + MacLength];
        var span = buffer.AsSpan();
        span[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(span[1..], issuedAt.ToUnixTimeMilliseconds());
        Random.Shared.NextBytes(span.Slice(9, 8));
        var at = 17;
        at += Write(span[at..], customerId);
        span[at++] = (byte)Math.Min(experiments.Count, 255);
        foreach (var experiment in experiments.Take(255))
        {
            at += Write(span[at..], experiment.ExperimentId);
            at += Write(span[at..], experiment.Variant);
        }

        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(keyBytes, span[..size], mac);
        mac[..MacLength].CopyTo(span[size..]);
        return Prefix + Base64Url(buffer);
    }

    public bool TryParse(string? decisionId, out DecodedDecision decision)
    {
        decision = null!;
        if (decisionId is null || !decisionId.StartsWith(Prefix, StringComparison.Ordinal) || decisionId.Length > 8192)
        {
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(FromBase64Url(decisionId[Prefix.Length..]));
        }
        catch (FormatException)
        {
            return false;
        }

        if (bytes.Length < 1 + 8 + 8 + 2 + 1 + MacLength || bytes[0] != Version)
        {
            return false;
        }

        var payload = bytes.AsSpan(0, bytes.Length - MacLength);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(keyBytes, payload, mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..MacLength], bytes.AsSpan(bytes.Length - MacLength)))
        {
            return false;
        }

        var issuedAt = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(payload[1..]));
        var at = 17;
        if (!TryRead(payload, ref at, out var customerId) || at >= payload.Length)
        {
            return false;
        }

        var count = payload[at++];
        var experiments = new List<ExperimentAssignment>(count);
        for (var i = 0; i < count; i++)
        {
            if (!TryRead(payload, ref at, out var experimentId) || !TryRead(payload, ref at, out var variant))
            {
                return false;
            }

            experiments.Add(new ExperimentAssignment(experimentId, variant));
        }

        decision = new DecodedDecision(customerId, issuedAt, experiments);
        return at == payload.Length;
    }

    private static int Size(string value) => 2 + Math.Min(Encoding.UTF8.GetByteCount(value), MaxString);

    private static int Write(Span<byte> into, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        var length = Math.Min(bytes.Length, MaxString);
        BinaryPrimitives.WriteUInt16BigEndian(into, (ushort)length);
        bytes.AsSpan(0, length).CopyTo(into[2..]);
        return 2 + length;
    }

    private static bool TryRead(ReadOnlySpan<byte> payload, ref int at, out string value)
    {
        value = "";
        if (at + 2 > payload.Length)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(payload[at..]);
        at += 2;
        if (at + length > payload.Length)
        {
            return false;
        }

        value = Encoding.UTF8.GetString(payload.Slice(at, length));
        at += length;
        return true;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return padded + new string('=', (4 - padded.Length % 4) % 4);
    }
}
