using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text;

namespace PersoActors.Runtime.Cluster.Transport;

/// <summary>Reading length-prefixed frames (see <see cref="FrameKind"/> for the layout).</summary>
internal static class Frames
{
    public const int MaxBodySize = 16 * 1024 * 1024;
    public const int BodyHeaderSize = 9;

    /// <summary>Slices one complete frame body off the front of <paramref name="buffer"/>.</summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> body)
    {
        body = default;
        if (buffer.Length < 4)
        {
            return false;
        }

        Span<byte> prefix = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(prefix);
        var length = BinaryPrimitives.ReadInt32LittleEndian(prefix);
        if (length < BodyHeaderSize || length > MaxBodySize)
        {
            throw new InvalidDataException($"Invalid frame length {length}: the peer does not speak this protocol.");
        }

        if (buffer.Length < 4 + length)
        {
            return false;
        }

        body = buffer.Slice(4, length);
        buffer = buffer.Slice(4 + length);
        return true;
    }

    /// <summary>Reads the next frame (for the handshake, before the read loops start). Null at end of stream.</summary>
    public static async Task<InboundFrame?> ReadOneAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (TryRead(ref buffer, out var body))
            {
                var frame = InboundFrame.Parse(body);
                reader.AdvanceTo(buffer.Start);
                return frame;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                return null;
            }
        }
    }
}

/// <summary>A received frame, copied out of the pipe so the pipe's memory can be released at once.</summary>
internal readonly struct InboundFrame(FrameKind kind, long correlationId, byte[] body)
{
    public FrameKind Kind { get; } = kind;

    public long CorrelationId { get; } = correlationId;

    /// <summary>Everything after kind and correlation id.</summary>
    public ReadOnlySpan<byte> Payload => body.AsSpan(Frames.BodyHeaderSize);

    public static InboundFrame Parse(ReadOnlySequence<byte> body)
    {
        var bytes = body.ToArray();
        return new InboundFrame((FrameKind)bytes[0], BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(1)), bytes);
    }
}

/// <summary>The fixed fields of a request frame.</summary>
internal readonly ref struct RequestHeader
{
    public uint MethodId { get; init; }

    public byte Hops { get; init; }

    public GrainId GrainId { get; init; }

    public ReadOnlySpan<byte> Arguments { get; init; }

    public static RequestHeader Parse(ReadOnlySpan<byte> payload)
    {
        var methodId = BinaryPrimitives.ReadUInt32LittleEndian(payload);
        var hops = payload[4];
        var rest = payload[5..];
        var type = ReadShortString(ref rest);
        var key = ReadShortString(ref rest);
        return new RequestHeader { MethodId = methodId, Hops = hops, GrainId = new GrainId(type, key), Arguments = rest };
    }

    private static string ReadShortString(ref ReadOnlySpan<byte> span)
    {
        var length = BinaryPrimitives.ReadUInt16LittleEndian(span);
        var text = Encoding.UTF8.GetString(span.Slice(2, length));
        span = span[(2 + length)..];
        return text;
    }
}
