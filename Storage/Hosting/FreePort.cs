using System.Net;
using System.Net.Sockets;

namespace PersoActors.Storage.Hosting;

/// <summary>Orleans needs concrete silo and gateway ports; "any free port" is chosen here.</summary>
public static class FreePort
{
    /// <summary>A port the OS just handed out on <paramref name="address"/> and took back: free unless another process
    /// takes it before it is bound again.</summary>
    public static int On(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
