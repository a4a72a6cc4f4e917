using System.Net;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Providers;
using Orleans.Storage;
using PersoActors.Grains.Hosting;
using PersoActors.Storage.Hosting;

namespace PersoActors.Silo;

/// <summary>A silo of a PersoActors cluster, configured from the command line (see <see cref="SiloCommandLine"/>).</summary>
internal static class ClusterSiloExtensions
{
    public static ISiloBuilder AddPersoActorsClusterSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        var host = IPAddress.Parse(configuration["Cluster:Host"] ?? "127.0.0.1");
        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = configuration["Cluster:ClusterId"] ?? "default";
            options.ServiceId = PersoActorsSiloExtensions.ServiceId;
        });
        silo.ConfigureEndpoints(host, PortOrFree(configuration["Cluster:Port"], host), PortOrFree(configuration["Cluster:GatewayPort"], host), listenOnAnyHostAddress: false);
        silo.UseClustering(ClusteringSpec.Parse(configuration["Cluster:Membership"]!));
        silo.UseFastFailureDetection();
        if (configuration["Cluster:TlsCertificate"] is { Length: > 0 } certificate)
        {
            silo.UseClusterTls(ClusterTls.Load(certificate, configuration["Cluster:TlsPassword"]));
        }

        silo.AddGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configuration["Storage"]!);
        silo.AddReminders(StorageSpec.Parse(configuration["Storage"]!));
        silo.AddPersoActorsGrains();
        // The dashboard's grains and profiler: a gateway's /dashboard (an Orleans client) reads every silo through them.
        silo.AddDashboard();
        return silo;
    }

    private static int PortOrFree(string? configured, IPAddress host) =>
        configured is not null && int.Parse(configured) is > 0 and var port ? port : FreePort.On(host);
}
