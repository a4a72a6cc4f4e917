using Microsoft.AspNetCore.Connections;

namespace PersoActors.Runtime.Cluster.Transport;

/// <summary>Kestrel's entry point for a transport connection (<c>ListenOptions.UseConnectionHandler</c>).</summary>
internal sealed class SiloConnectionHandler(TransportServerCore core) : ConnectionHandler
{
    public override Task OnConnectedAsync(ConnectionContext connection) =>
        core.ServeAsync(connection.Transport, connection.ConnectionClosed);
}
