using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using PersoActors.Runtime.Cluster.Membership;
using PersoActors.Runtime.Cluster.Transport;

namespace PersoActors.Runtime.Cluster.Hosting;

/// <summary>Chooses the membership table and transport of a silo or client, and its cluster settings.</summary>
public sealed class ClusterBuilder(IServiceCollection services)
{
    public IServiceCollection Services { get; } = services;

    /// <summary>Changes cluster settings (after those bound from the <c>Cluster</c> configuration section).</summary>
    public ClusterBuilder Configure(Action<ClusterOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }

    /// <summary>Membership in a table shared by silos of this process (tests).</summary>
    public ClusterBuilder UseInMemoryMembership(InMemoryMembershipTable table) => UseMembership(_ => table);

    /// <summary>Membership in a SQLite file shared by the silos of one machine.</summary>
    public ClusterBuilder UseSqliteMembership(string path) =>
        UseMembership(sp => new SqliteMembershipTable(path, Options(sp).ClusterId));

    /// <summary>Membership in PostgreSQL, for silos on several machines.</summary>
    public ClusterBuilder UsePostgresMembership(string connectionString) =>
        UseMembership(sp => new PostgresMembershipTable(NpgsqlDataSource.Create(connectionString), Options(sp).ClusterId));

    /// <summary>Membership from a spec string: <c>sqlite:PATH</c> or <c>postgres:CONNECTION-STRING</c>.</summary>
    public ClusterBuilder UseMembership(string spec)
    {
        var (kind, value) = SplitSpec(spec, "membership");
        return kind switch
        {
            "sqlite" => UseSqliteMembership(value),
            "postgres" or "postgresql" => UsePostgresMembership(value),
            _ => throw new ArgumentException($"Unknown membership provider '{kind}' in '{spec}': use sqlite:PATH or postgres:CONNECTION-STRING.", nameof(spec)),
        };
    }

    public ClusterBuilder UseMembership(Func<IServiceProvider, IMembershipTable> factory)
    {
        Services.Replace(ServiceDescriptor.Singleton(factory));
        return this;
    }

    /// <summary>Silo-to-silo calls over in-memory pipes between the silos of this process (tests).</summary>
    public ClusterBuilder UseInMemoryTransport(InMemoryNetwork network)
    {
        Services.Replace(ServiceDescriptor.Singleton<ISiloConnector>(network));
        Services.Replace(ServiceDescriptor.Singleton<ISiloTransportListener>(sp =>
            new InMemoryTransportListener(network, sp.GetRequiredService<TransportServerCore>())));
        return this;
    }

    internal static (string Kind, string Value) SplitSpec(string spec, string what)
    {
        var colon = spec.IndexOf(':');
        if (colon <= 0 || colon == spec.Length - 1)
        {
            throw new ArgumentException($"The {what} spec '{spec}' must look like KIND:VALUE (e.g. sqlite:data/cluster.db).", nameof(spec));
        }

        return (spec[..colon].Trim().ToLowerInvariant(), spec[(colon + 1)..].Trim());
    }

    private static ClusterOptions Options(IServiceProvider services) =>
        services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ClusterOptions>>().Value;
}
