using Microsoft.AspNetCore.Connections;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PersoActors.Runtime.Cluster.Transport;

/// <summary>A Kestrel server of its own (not the host's HTTP server) that speaks only the silo
/// protocol on the transport port, so a silo works the same in a web app or a plain generic host.</summary>
internal sealed class TcpTransportServer(
    TransportServerCore core,
    IOptions<ClusterOptions> options,
    IServiceProvider services,
    ILoggerFactory loggerFactory) : ISiloTransportListener
{
    private KestrelServer? server;

    public int Port { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var cluster = options.Value;
        var kestrel = new KestrelServerOptions { ApplicationServices = services, AddServerHeader = false };
        ListenOptions? listen = null;
        var address = IPAddress.TryParse(cluster.Host, out var ip) ? ip : IPAddress.Any;
        kestrel.Listen(address, cluster.Port, l =>
        {
            l.UseConnectionHandler<SiloConnectionHandler>();
            listen = l;
        });
        server = new KestrelServer(
            Options.Create(kestrel),
            new SocketTransportFactory(Options.Create(new SocketTransportOptions { NoDelay = true }), loggerFactory),
            loggerFactory);
        await server.StartAsync(new NoHttpApplication(), cancellationToken).ConfigureAwait(false);
        Port = ((IPEndPoint)listen!.EndPoint).Port;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await core.DrainAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        core.Abort();
        if (server is not null)
        {
            await server.StopAsync(cancellationToken).ConfigureAwait(false);
            server.Dispose();
        }
    }

    public void Abort()
    {
        core.Abort();
        _ = server?.StopAsync(new CancellationToken(canceled: true));
    }

    /// <summary>Kestrel wants an HTTP application even when every endpoint is a connection handler.</summary>
    private sealed class NoHttpApplication : IHttpApplication<object>
    {
        public object CreateContext(IFeatureCollection contextFeatures) => new();

        public Task ProcessRequestAsync(object context) => Task.CompletedTask;

        public void DisposeContext(object context, Exception? exception)
        {
        }
    }
}
