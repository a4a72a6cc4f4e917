using System.Net;

namespace PersoActors.Bench.Alternative.Redis;

/// <summary>GET/SET over a few pipelined connections, used round-robin (like a multiplexer).</summary>
public sealed class RedisClient : IAsyncDisposable
{
    private readonly RespConnection[] _connections;
    private int _next;

    private RedisClient(RespConnection[] connections) => _connections = connections;

    public static async Task<RedisClient> ConnectAsync(IPEndPoint endpoint, int connections, CancellationToken cancellationToken)
    {
        var opened = new RespConnection[connections];
        for (var i = 0; i < connections; i++)
        {
            opened[i] = await RespConnection.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
        }

        var client = new RedisClient(opened);
        var pong = await opened[0].SendAsync("PING", "alive").ConfigureAwait(false);
        return pong.IsError ? throw new IOException($"Redis PING failed: {pong.Text}") : client;
    }

    /// <summary>The value, or null when the key does not exist.</summary>
    public async Task<byte[]?> GetAsync(string key)
    {
        var reply = await Next().SendAsync("GET", key).ConfigureAwait(false);
        return reply.IsError ? throw new IOException($"Redis GET failed: {reply.Text}") : reply.Bulk;
    }

    public async Task SetAsync(string key, ReadOnlyMemory<byte> value)
    {
        var reply = await Next().SendAsync("SET", key, value).ConfigureAwait(false);
        if (reply.IsError)
        {
            throw new IOException($"Redis SET failed: {reply.Text}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private RespConnection Next() => _connections[(int)((uint)Interlocked.Increment(ref _next) % (uint)_connections.Length)];
}
