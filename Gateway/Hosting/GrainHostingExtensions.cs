using System.Net;
using Orleans.Configuration;
using Orleans.Dashboard;
using PersoActors.Gateway.Operations;
using Orleans.Providers;
using Orleans.Storage;
using PersoActors.Grains.Decisions;
using PersoActors.Grains.Orchestration;
using PersoActors.Storage.Reminders;
using PersoActors.Grains.Hosting;
using PersoActors.Grains.Interfaces;
using PersoActors.Storage;
using PersoActors.Storage.Hosting;

namespace PersoActors.Gateway.Hosting;

/// <summary>Where the gateway's grains live: in the silos of an Orleans cluster (the gateway is then an Orleans
/// client), or, with no cluster configured, in an Orleans silo co-hosted in the gateway's own process.</summary>
public static class GrainHostingExtensions
{
    /// <summary>The cluster id of the embedded silo, as <c>GET /v1/cluster</c> reports it.</summary>
    public const string EmbeddedClusterId = "embedded";

    /// <summary>How long a cluster-mode gateway waits for a grain call (<c>Silo:CallTimeout</c>) unless configured:
    /// long enough for a silo to be declared dead and its customers re-activated (about 2 s), short enough that a
    /// site's request never hangs on a dead silo (Orleans' own default is 30 s).</summary>
    public static readonly TimeSpan DefaultClusterCallTimeout = TimeSpan.FromSeconds(3);

    /// <summary>With <c>Cluster:Membership</c> set (<c>sqlite:PATH</c>, <c>postgres:CONNSTR</c> or <c>azure:CONNSTR</c>), joins that cluster
    /// as an Orleans client that holds no grains; otherwise co-hosts a silo (<see cref="AddEmbeddedSilo"/>).</summary>
    public static WebApplicationBuilder AddGrainHosting(this WebApplicationBuilder builder)
    {
        if (builder.Configuration["Cluster:Membership"] is { Length: > 0 } membership)
        {
            builder.AddClusterClient(membership);
        }
        else
        {
            builder.AddEmbeddedSilo();
        }

        // After Orleans, so these start once the silo (or client) runs and stop before it: the item-signal
        // aggregator's last flush reaches the grains. A client reads the catalog snapshot but feeds no item signals.
        builder.Services.AddPersoActorsDecisions();
        builder.Services.AddPersoActorsOrchestration();
        return builder;
    }

    private static string SqlitePath(IServiceProvider services) => Path.GetFullPath(
        services.GetRequiredService<IConfiguration>()["Storage:SqlitePath"] ?? Path.Combine("data", "persoactors.db"),
        services.GetRequiredService<IHostEnvironment>().ContentRootPath);

    /// <summary>Co-hosts one Orleans silo in the web process: its grain state lives in the SQLite file named by
    /// <c>Storage:SqlitePath</c> (default <c>data/persoactors.db</c>, relative to the content root, so it does not
    /// depend on the working directory); it listens for other silos on 127.0.0.1 only (<c>Silo:Port</c>, default a
    /// free port) and accepts no external clients.</summary>
    public static WebApplicationBuilder AddEmbeddedSilo(this WebApplicationBuilder builder)
    {
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(serviceId: PersoActorsSiloExtensions.ServiceId, clusterId: EmbeddedClusterId);
            // Read when the silo starts, so settings given by hosts and tests at any stage apply.
            silo.Services.AddOptions<EndpointOptions>().Configure<IConfiguration>((endpoints, configuration) =>
            {
                endpoints.SiloPort = configuration.GetValue<int?>("Silo:Port") is int port and > 0 ? port : FreePort.On(IPAddress.Loopback);
                endpoints.GatewayPort = 0;
            });
            silo.AddJournaledGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, services => new SqliteGrainStorage(SqlitePath(services)));
            // Reminders (for triggered messages) in the same file as the grain state.
            silo.AddReminders();
            silo.Services.AddSingleton<IReminderTable>(services => new SqliteReminderTable(PersoActorsSiloExtensions.ServiceId, SqlitePath(services)));
            silo.AddPersoActorsGrains();
            silo.WithoutDirectoryCache();
            if (builder.Configuration.DashboardEnabled())
            {
                silo.AddDashboard();
            }
        });
        return builder;
    }

    /// <summary>Joins the cluster whose membership table <paramref name="membership"/> names as an Orleans client: it
    /// finds the silos' gateways there and routes every call to the silo that holds the grain.</summary>
    private static WebApplicationBuilder AddClusterClient(this WebApplicationBuilder builder, string membership)
    {
        var clustering = ClusteringSpec.Parse(membership);
        var clusterId = builder.Configuration["Cluster:ClusterId"] ?? "default";
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = clusterId;
                options.ServiceId = PersoActorsSiloExtensions.ServiceId;
            });
            // A call already sent to a silo that dies is answered by nobody: this timeout bounds how long it waits,
            // and how long the retry filter keeps repeating a call whose silo is gone.
            var timeout = builder.Configuration.GetValue<TimeSpan?>("Silo:CallTimeout") ?? DefaultClusterCallTimeout;
            client.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = timeout);
            client.AddOutgoingGrainCallFilter(new ClusterCallRetryFilter(timeout, TimeProvider.System));
            client.Services.AddPersoActorsSerialization();
            client.UseClustering(clustering);
            client.UseFastGatewayRefresh();
            if (builder.Configuration["Cluster:TlsCertificate"] is { Length: > 0 } certificate)
            {
                client.UseClusterTls(ClusterTls.Load(certificate, builder.Configuration["Cluster:TlsPassword"]));
            }

            if (builder.Configuration.DashboardEnabled())
            {
                // The silos serve the dashboard's data (their Silo executable adds it); the client only asks them.
                client.AddDashboard();
            }
        });
        return builder;
    }
}
