using System.Collections.Concurrent;
using System.IO.Pipelines;

namespace PersoActors.Runtime.Cluster.Transport;

/// <summary>Connects silos of one process through in-memory pipes instead of sockets, with the
/// same framing, handshake and multiplexing as TCP. Share one instance between the silos of a
/// test cluster.</summary>
public sealed class InMemoryNetwork : ISiloConnector
{
    private readonly ConcurrentDictionary<int, Func<IDuplexPipe, CancellationToken, Task>> listeners = new();
    private int nextPort = 30000;

    public Task<IDuplexPipe> ConnectAsync(SiloAddress silo, CancellationToken cancellationToken)
    {
        if (!listeners.TryGetValue(silo.Port, out var serve))
        {
            throw new SiloUnavailableException($"Nothing listens on in-memory port {silo.Port}.");
        }

        var toServer = new Pipe();
        var toClient = new Pipe();
        _ = Task.Run(() => serve(new DuplexPipe(toServer.Reader, toClient.Writer), CancellationToken.None), CancellationToken.None);
        return Task.FromResult<IDuplexPipe>(new DuplexPipe(toClient.Reader, toServer.Writer));
    }

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
