using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PersoActors.Runtime.Cluster.Transport;

/// <summary>Serves accepted connections, whatever listener accepted them.</summary>
internal sealed class TransportServerCore(
    IInboundCallHandler handler,
    GrainMethodRegistry methods,
    IOptions<ClusterOptions> options,
    GrainSerializerOptions serializer,
    ILogger<TransportServerCore> logger)
{
    private readonly CancellationTokenSource aborted = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<InboundConnection, byte> connections = new();
    private long inFlight;
    private volatile bool draining;

    /// <summary>True once the server answers new requests with Rejected (the caller retries elsewhere).</summary>
    public bool Draining => draining;

    public void CallStarted() => Interlocked.Increment(ref inFlight);

    public void CallEnded() => Interlocked.Decrement(ref inFlight);

    /// <summary>Rejects new calls, tells every caller to go away, and waits (up to
    /// <paramref name="timeout"/>) until callers closed their connections once their calls in flight
    /// were answered, so no caller is left not knowing whether its call ran.</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        draining = true;
        foreach (var connection in connections.Keys)
        {
            connection.GoAway();
        }

        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while ((!connections.IsEmpty || Interlocked.Read(ref inFlight) > 0) && Environment.TickCount64 < deadline)
        {
            await Task.Delay(10).ConfigureAwait(false);
        }
    }

    public async Task ServeAsync(IDuplexPipe pipe, CancellationToken connectionClosed)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(connectionClosed, aborted.Token);
        var connection = new InboundConnection(pipe, this, handler, methods, options.Value, serializer.Options, logger);
        connections[connection] = 0;
        try
        {
            if (draining)
            {
                connection.GoAway();
            }

            await connection.RunAsync(stop.Token).ConfigureAwait(false);
        }
        finally
        {
            connections.TryRemove(connection, out _);
        }
    }

    public void Abort() => aborted.Cancel();
}
