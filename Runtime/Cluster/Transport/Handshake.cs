using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;

namespace PersoActors.Runtime.Cluster.Transport;

/// <summary>Challenge–response at connection start: the server sends 16 random bytes, the client
/// answers with its cluster id and HMAC-SHA256(shared secret, challenge + cluster id). Without a
/// secret the HMAC key is empty, so the exchange still rejects peers of another cluster id.</summary>
internal static class Handshake
{
    public static async Task AcceptAsync(IDuplexPipe pipe, string clusterId, string? secret, CancellationToken cancellationToken)
    {
        var challenge = RandomNumberGenerator.GetBytes(16);
        var frame = new FrameBuffer(FrameKind.Challenge, 0);
        frame.WriteBytes(challenge);
        await WriteAsync(pipe.Output, frame.Seal(), cancellationToken).ConfigureAwait(false);

        var hello = await Frames.ReadOneAsync(pipe.Input, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException("The peer closed the connection during the handshake.");
        if (hello.Kind != FrameKind.Hello)
        {
            throw new InvalidDataException($"Expected a Hello frame, got {hello.Kind}.");
        }

        var payload = hello.Payload;
        var length = BinaryPrimitives.ReadUInt16LittleEndian(payload);
        var peerCluster = Encoding.UTF8.GetString(payload.Slice(2, length));
        var mac = payload[(2 + length)..];
        if (peerCluster != clusterId || !CryptographicOperations.FixedTimeEquals(mac, Mac(secret, challenge, clusterId)))
        {
            var refusal = new FrameBuffer(FrameKind.Refused, 0);
            refusal.WriteBytes(Encoding.UTF8.GetBytes("wrong cluster id or shared secret"));
            await WriteAsync(pipe.Output, refusal.Seal(), cancellationToken).ConfigureAwait(false);
            throw new UnauthorizedAccessException($"Handshake refused: the peer is not a member of cluster '{clusterId}' or does not know its secret.");
        }

        await WriteAsync(pipe.Output, new FrameBuffer(FrameKind.HelloAck, 0).Seal(), cancellationToken).ConfigureAwait(false);
    }

    public static async Task ConnectAsync(IDuplexPipe pipe, string clusterId, string? secret, CancellationToken cancellationToken)
    {
        var challenge = await Frames.ReadOneAsync(pipe.Input, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException("The silo closed the connection before its challenge.");
        if (challenge.Kind != FrameKind.Challenge)
        {
            throw new InvalidDataException($"Expected a Challenge frame, got {challenge.Kind}.");
        }

        var frame = new FrameBuffer(FrameKind.Hello, 0);
        frame.WriteShortString(clusterId);
        frame.WriteBytes(Mac(secret, challenge.Payload.ToArray(), clusterId));
        await WriteAsync(pipe.Output, frame.Seal(), cancellationToken).ConfigureAwait(false);

        var ack = await Frames.ReadOneAsync(pipe.Input, cancellationToken).ConfigureAwait(false);
        if (ack?.Kind == FrameKind.Refused)
        {
            throw new UnauthorizedAccessException($"The silo refused the handshake for cluster '{clusterId}' (wrong cluster id or shared secret).");
        }

        if (ack?.Kind != FrameKind.HelloAck)
        {
            throw new IOException("The silo closed the connection during the handshake.");
        }
    }

    private static byte[] Mac(string? secret, byte[] challenge, string clusterId) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret ?? ""), (byte[])[.. challenge, .. Encoding.UTF8.GetBytes(clusterId)]);

    private static async Task WriteAsync(PipeWriter output, FrameBuffer frame, CancellationToken cancellationToken)
    {
        try
        {
            output.Write(frame.Written);
        }
        finally
        {
            frame.Return();
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
