using System.Net;
using System.Net.Sockets;

namespace PersoActors.Cluster.Tests.Infrastructure;

internal static class FreePort
{
    /// <summary>A port the OS just handed out on 127.0.0.1 and took back: free unless someone grabs it meanwhile.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
