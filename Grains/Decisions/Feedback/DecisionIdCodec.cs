using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
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
        var count = Math.Min(experiments.Count, 255);
        var size = 1 + 8 + 8 + Size(customerId) + 1;
        for (var i = 0; i < count; i++)
        {
            size += Size(experiments[i].ExperimentId) + Size(experiments[i].Variant);
        }

        var rented = size + MacLength > 512 ? ArrayPool<byte>.Shared.Rent(size + MacLength) : null;
        var span = rented is null ? stackalloc byte[size + MacLength] : rented.AsSpan(0, size + MacLength);
        span[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(span[1..], issuedAt.ToUnixTimeMilliseconds());
        Random.Shared.NextBytes(span.Slice(9, 8));
        var at = 17;
        at += Write(span[at..], customerId);
        span[at++] = (byte)count;
        for (var i = 0; i < count; i++)
        {
            at += Write(span[at..], experiments[i].ExperimentId);
            at += Write(span[at..], experiments[i].Variant);
        }

        Span<byte> mac = stackalloc byte[32];
        var hmac = Hmac();
        hmac.AppendData(span[..size]);
        hmac.GetHashAndReset(mac);
        mac[..MacLength].CopyTo(span[size..]);
        var id = string.Concat(Prefix, Base64Url.EncodeToString(span));
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return id;
    }

    // One keyed HMAC per thread, reset after each use: creating the native HMAC context is most of the cost of a
    // one-shot HashData call, and decisions are made on every request.
    [ThreadStatic]
    private static (DecisionIdCodec Owner, IncrementalHash Hash)? threadHmac;

    private IncrementalHash Hmac()
    {
        if (threadHmac is { } cached && ReferenceEquals(cached.Owner, this))
        {
            return cached.Hash;
        }

        threadHmac?.Hash.Dispose();
        var hash = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, keyBytes);
        threadHmac = (this, hash);
        return hash;
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
        int length;
        if (Encoding.UTF8.GetMaxByteCount(value.Length) <= MaxString || Encoding.UTF8.GetByteCount(value) <= MaxString)
        {
            length = Encoding.UTF8.GetBytes(value, into[2..]);
        }
        else
        {
            // Longer than the format allows: the first MaxString bytes, as before.
            length = MaxString;
            Encoding.UTF8.GetBytes(value).AsSpan(0, length).CopyTo(into[2..]);
        }

        BinaryPrimitives.WriteUInt16BigEndian(into, (ushort)length);
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

    private static string FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return padded + new string('=', (4 - padded.Length % 4) % 4);
    }
}
