using System.IO.Pipelines;

namespace PersoActors.Runtime.Cluster.Transport;

/// <summary>Opens a raw duplex byte stream to a silo (TCP, or an in-process pipe pair in tests).</summary>
public interface ISiloConnector
{
    /// <summary>Connects to <paramref name="silo"/>; throws when it cannot be reached.</summary>
    Task<IDuplexPipe> ConnectAsync(SiloAddress silo, CancellationToken cancellationToken);
}

/// <summary>Accepts transport connections for this silo. Started before the membership agent,
/// which advertises <see cref="Port"/>.</summary>
internal interface ISiloTransportListener : Microsoft.Extensions.Hosting.IHostedService
{
    /// <summary>The port actually bound (meaningful once started).</summary>
    int Port { get; }

    /// <summary>Drops every connection and stops accepting, as a crash would.</summary>
    void Abort();
}
