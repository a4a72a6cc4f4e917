using System.Collections.Concurrent;
using System.IO.Pipelines;

namespace PersoActors.Runtime.Cluster.Transport;

/// <summary>Connects silos of one process through in-memory pipes instead of sockets, with the
/// same framing, handshake and multiplexing as TCP. Share one instance between the silos of a
/// test cluster.</summary>
public sealed class InMemoryNetwork : ISiloConnector
{
    private readonly ConcurrentDictionary<int, Func<IDuplexPipe, CancellationToken, Task>> listeners = new();
    private readonly ConcurrentDictionary<int, byte> deaf = new();
    private int nextPort = 30000;

    public Task<IDuplexPipe> ConnectAsync(SiloAddress silo, CancellationToken cancellationToken)
    {
        if (!listeners.TryGetValue(silo.Port, out var serve))
        {
            throw new SiloUnavailableException($"Nothing listens on in-memory port {silo.Port}.");
        }

        var toServer = new Pipe();
        var toClient = new Pipe();
        var port = silo.Port;
        var serverInput = new DroppingPipeReader(toServer.Reader, () => deaf.ContainsKey(port));
        _ = Task.Run(() => serve(new DuplexPipe(serverInput, toClient.Writer), CancellationToken.None), CancellationToken.None);
        return Task.FromResult<IDuplexPipe>(new DuplexPipe(toClient.Reader, toServer.Writer));
    }

    /// <summary>Test hook: from now on, the server side of <paramref name="silo"/> silently discards
    /// every frame it receives (on open and new connections), so it answers no call, ping or
    /// handshake, while the silo itself keeps running (heartbeating, calling out). Irreversible:
    /// partial frames are discarded too.</summary>
    public void DropInboundFrames(SiloAddress silo) => deaf[silo.Port] = 0;

    internal int Listen(Func<IDuplexPipe, CancellationToken, Task> serve)
    {
        var port = Interlocked.Increment(ref nextPort);
        listeners[port] = serve;
        return port;
    }

    internal void Unlisten(int port) => listeners.TryRemove(port, out _);
}

/// <summary>The in-memory counterpart of <see cref="TcpTransportServer"/>.</summary>
internal sealed class InMemoryTransportListener(InMemoryNetwork network, TransportServerCore core) : ISiloTransportListener
{
    public int Port { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Port = network.Listen(core.ServeAsync);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await core.DrainAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        Abort();
    }

    public void Abort()
    {
        network.Unlisten(Port);
        core.Abort();
    }
}

/// <summary>Passes reads through, or discards everything read while <paramref name="dropping"/> says so.</summary>
internal sealed class DroppingPipeReader(PipeReader inner, Func<bool> dropping) : PipeReader
{
    public override void AdvanceTo(SequencePosition consumed) => inner.AdvanceTo(consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => inner.AdvanceTo(consumed, examined);

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var result = await inner.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (!dropping() || result.IsCompleted || result.IsCanceled)
            {
                return result;
            }

            inner.AdvanceTo(result.Buffer.End);
        }
    }

    public override bool TryRead(out ReadResult result)
    {
        if (!inner.TryRead(out result))
        {
            return false;
        }

        if (!dropping() || result.IsCompleted || result.IsCanceled)
        {
            return true;
        }

        inner.AdvanceTo(result.Buffer.End);
        result = default;
        return false;
    }
}
