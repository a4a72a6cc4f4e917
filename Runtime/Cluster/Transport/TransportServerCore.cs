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

    public async Task ServeAsync(IDuplexPipe pipe, CancellationToken connectionClosed)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(connectionClosed, aborted.Token);
        await new InboundConnection(pipe, handler, methods, options.Value, serializer.Options, logger).RunAsync(stop.Token).ConfigureAwait(false);
    }

    public void Abort() => aborted.Cancel();
}
