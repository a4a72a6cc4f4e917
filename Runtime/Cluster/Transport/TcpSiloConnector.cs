using System.IO.Pipelines;
using System.Net.Sockets;

namespace PersoActors.Runtime.Cluster.Transport;

/// <summary>Connects with a plain <see cref="Socket"/> and wraps it in System.IO.Pipelines.</summary>
public sealed class TcpSiloConnector : ISiloConnector
{
    public async Task<IDuplexPipe> ConnectAsync(SiloAddress silo, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(silo.Host, silo.Port, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var stream = new NetworkStream(socket, ownsSocket: true);
        return new DuplexPipe(
            PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024)),
            PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 16 * 1024)));
    }
}

internal sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
