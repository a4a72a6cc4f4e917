using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using PersoActors.Runtime.Activations;
using PersoActors.Runtime.Calls;
using PersoActors.Runtime.Cluster.Membership;
using PersoActors.Runtime.Cluster.Routing;
using PersoActors.Runtime.Cluster.Transport;
using PersoActors.Runtime.Hosting;

namespace PersoActors.Runtime.Cluster.Hosting;

/// <summary>Turns a silo into a cluster member, or a process into a cluster client.</summary>
public static class ClusterServiceCollectionExtensions
{
    /// <summary>Makes this silo a member of a cluster: it joins the membership table, listens on
    /// the transport, and routes each call to the owner of its grain.</summary>
    public static SiloBuilder UseCluster(this SiloBuilder silo, Action<ClusterBuilder> configure)
    {
        var services = silo.Services;
        AddCommon(services);
        services.TryAddSingleton<GrainMethodRegistry>();
        services.TryAddSingleton<TransportServerCore>();
        services.TryAddSingleton<SiloConnectionHandler>();
        services.TryAddSingleton<ISiloTransportListener, TcpTransportServer>();
        services.TryAddSingleton(sp => new ClusterCallRouter(
            sp.GetRequiredService<ClusterMembership>(),
            sp.GetRequiredService<TransportClient>(),
            sp.GetRequiredService<LocalSilo>(),
            sp.GetRequiredService<CallCounter>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SiloOptions>>(),
            sp.GetRequiredService<Catalog>()));
        services.Replace(ServiceDescriptor.Singleton<IGrainCallRouter>(sp => sp.GetRequiredService<ClusterCallRouter>()));
        services.TryAddSingleton<IInboundCallHandler>(sp => sp.GetRequiredService<ClusterCallRouter>());
        services.TryAddSingleton<MembershipAgent>();
        // Start order matters: listen first (the agent advertises the bound port), then join.
        // Stop runs in reverse: leave (drain grains) while the transport still answers.
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<ISiloTransportListener>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<MembershipAgent>());
        services.AddHostedService<PlacementRebalancer>();
        configure(new ClusterBuilder(services));
        return silo;
    }

    /// <summary>Adds a cluster client: <see cref="IGrainFactory"/> references whose calls go over the
    /// transport to the silo owning each grain. The process holds no grains and is not a row in the
    /// membership table; it reads the table to follow the view.</summary>
    public static IServiceCollection AddPersoActorsClient(this IServiceCollection services, Action<ClusterBuilder> configure)
    {
        services.AddOptions<SiloOptions>().BindConfiguration("Silo");
        services.TryAddSingleton<GrainSerializerOptions>();
        AddCommon(services);
        services.TryAddSingleton(sp => new ClusterCallRouter(
            sp.GetRequiredService<ClusterMembership>(),
            sp.GetRequiredService<TransportClient>(),
            sp.GetRequiredService<LocalSilo>(),
            sp.GetRequiredService<CallCounter>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SiloOptions>>()));
        services.TryAddSingleton<IGrainCallRouter>(sp => sp.GetRequiredService<ClusterCallRouter>());
        services.TryAddSingleton<IGrainFactory, GrainFactory>();
        services.AddHostedService<MembershipWatcher>();
        configure(new ClusterBuilder(services));
        return services;
    }

    /// <summary>Adds a cluster client when <c>Cluster:Membership</c> is configured (e.g.
    /// <c>--Cluster:Membership=sqlite:data/cluster.db</c>) and returns true; otherwise adds nothing
    /// and returns false, so the caller can fall back to an embedded silo.</summary>
    public static bool TryAddPersoActorsClient(this IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        if (configuration["Cluster:Membership"] is not { Length: > 0 } membership)
        {
            return false;
        }

        services.AddPersoActorsClient(cluster => cluster.UseMembership(membership));
        return true;
    }

    private static void AddCommon(IServiceCollection services)
    {
        services.AddOptions<ClusterOptions>().BindConfiguration("Cluster");
        services.TryAddSingleton<ClusterMembership>();
        services.TryAddSingleton<LocalSilo>();
        services.TryAddSingleton<CallCounter>();
        services.TryAddSingleton<ISiloConnector, TcpSiloConnector>();
        services.TryAddSingleton<TransportClient>();
        services.TryAddSingleton<ClusterStatus>();
        services.TryAddSingleton<IMembershipTable>(_ => throw new InvalidOperationException(
            "No membership table configured: call UseSqliteMembership, UsePostgresMembership or UseInMemoryMembership."));
    }
}
