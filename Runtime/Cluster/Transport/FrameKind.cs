namespace PersoActors.Runtime.Cluster.Transport;

/// <summary>What a frame on the wire carries. Frame = int32 body length (little endian) + body;
/// body = kind (1 byte) + correlation id (int64) + kind-specific fields.</summary>
internal enum FrameKind : byte
{
    /// <summary>methodId u32, hops u8, grain type (u16 length + UTF-8), grain key (u16 length + UTF-8), JSON array of arguments.</summary>
    Request = 1,
    /// <summary>JSON of the result (empty for Task).</summary>
    Response = 2,
    /// <summary>JSON {type, message} of the exception.</summary>
    Error = 3,
    /// <summary>UTF-8 reason: the receiver does not own the grain and could not forward it.</summary>
    Rejected = 4,
    /// <summary>Server → client on accept: 16 random bytes.</summary>
    Challenge = 5,
    /// <summary>Client → server: cluster id (u16 length + UTF-8) + HMAC-SHA256(secret, challenge + cluster id).</summary>
    Hello = 6,
    /// <summary>Server → client: handshake accepted.</summary>
    HelloAck = 7,
    /// <summary>Server → client: the silo is leaving; send no new calls on this connection and close
    /// it once the calls in flight are answered (so none ends with an unknown outcome).</summary>
    GoAway = 8,
    /// <summary>Server → client: handshake refused (UTF-8 reason).</summary>
    Refused = 9,
    /// <summary>Silo → silo liveness probe (no payload); answered at once with <see cref="Pong"/>
    /// carrying the same correlation id, whatever the server is doing (even while draining).</summary>
    Ping = 10,
    /// <summary>The answer to <see cref="Ping"/> (no payload).</summary>
    Pong = 11,
}
