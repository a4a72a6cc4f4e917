using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using PersoActors.Grains.Hosting;
using PersoActors.Grains.Interfaces;
using PersoActors.Storage.Hosting;

namespace PersoActors.Cluster.Tests.Infrastructure;

/// <summary>An Orleans client of a PersoActors cluster, configured the way the gateway's cluster mode does it.</summary>
internal sealed class ClusterClient : IAsyncDisposable
{
    private readonly IHost host;

    private ClusterClient(IHost host) => this.host = host;

    public IGrainFactory Grains => host.Services.GetRequiredService<IGrainFactory>();

    public static async Task<ClusterClient> StartAsync(string clustering, string clusterId, TimeSpan callTimeout, X509Certificate2? tlsCertificate = null, CancellationToken cancellationToken = default)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = clusterId;
                options.ServiceId = PersoActorsSiloExtensions.ServiceId;
            });
            client.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = callTimeout);
            client.Services.AddPersoActorsSerialization();
            client.UseClustering(ClusteringSpec.Parse(clustering));
            client.UseFastGatewayRefresh();
            if (tlsCertificate is not null)
            {
                client.UseClusterTls(tlsCertificate);
            }
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new ClusterClient(host);
    }

    public async Task<int> ActiveSilosAsync() => (await Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count;

    /// <summary>Customer grains active on more than one silo at once (none, once the membership view has settled).</summary>
    public async Task<IReadOnlyList<string>> CustomersActiveOnSeveralSilosAsync()
    {
        var activations = await Grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics(types: null, hostsIds: null);
        return activations
            .Where(a => a.GrainId.Type.ToString() == "customer")
            .GroupBy(a => a.GrainId)
            .Where(g => g.Select(a => a.SiloAddress).Distinct().Count() > 1)
            .Select(g => g.Key.ToString())
            .ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
