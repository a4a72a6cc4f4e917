using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using PersoActors.Grains.Hosting;
using PersoActors.Grains.Interfaces;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Storage.Hosting;

namespace PersoActors.Bench.Scaling;

/// <summary>An Orleans client of the cluster that asks where each customer's grain is active, to count how many
/// customers a change moved.</summary>
internal sealed class Placement(IHost host) : IAsyncDisposable
{
    public static async Task<Placement> ConnectAsync(string membership, string clusterId)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(options => (options.ClusterId, options.ServiceId) = (clusterId, PersoActorsSiloExtensions.ServiceId));
            client.Services.AddPersoActorsSerialization();
            client.UseClustering(ClusteringSpec.Parse(membership));
            client.UseFastGatewayRefresh();
        });
        var host = builder.Build();
        await host.StartAsync();
        return new Placement(host);
    }

    public async Task<int> ActiveSilosAsync() => (await Management.GetHosts(onlyActive: true)).Count;

    /// <summary>The silo each customer is active on (customers not active are left out).</summary>
    public async Task<Dictionary<string, SiloAddress>> WhereAsync(IEnumerable<string> customers)
    {
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var where = new Dictionary<string, SiloAddress>();
        foreach (var customer in customers)
        {
            if (await Management.GetActivationAddress(grains.GetGrain<ICustomerGrain>(customer)) is { } silo)
            {
                where[customer] = silo;
            }
        }

        return where;
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }

    private IManagementGrain Management => host.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
}
