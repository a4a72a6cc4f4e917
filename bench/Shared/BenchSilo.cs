using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Hosting;
using PersoActors.Grains.Decisions;
using PersoActors.Grains.Hosting;
using PersoActors.Storage.Hosting;

namespace PersoActors.Bench;

/// <summary>An Orleans silo hosted in this process the way the gateway co-hosts one (<c>UseOrleans</c> on a generic
/// host, the silo settings every PersoActors silo shares), on loopback with a free silo port and no client gateway.
/// Disposing it stops it gracefully, so queued writes are committed.</summary>
internal sealed class BenchSilo(IHost host) : IAsyncDisposable
{
    /// <summary>The grain factory of the silo's host: what non-grain code in the process (the gateway) calls grains with.</summary>
    public IGrainFactory Grains { get; } = host.Services.GetRequiredService<IGrainFactory>();

    public IServiceProvider Services => host.Services;

    public static async Task<BenchSilo> StartAsync(Action<ISiloBuilder> configure, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort: FreePort.On(IPAddress.Loopback), gatewayPort: 0, clusterId: $"bench-{Guid.NewGuid():N}");
            silo.AddPersoActorsGrains();
            silo.WithoutDirectoryCache();
            configure(silo);
        });
        builder.Services.AddPersoActorsDecisions();
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new BenchSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
