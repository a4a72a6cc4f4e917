using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Messaging;
using PersoActors.Storage.Membership;

namespace PersoActors.Storage.Hosting;

/// <summary>Lets an Orleans client find the cluster's gateways in one of our membership tables.</summary>
public static class ClusteringClientBuilderExtensions
{
    /// <summary>Finds the gateways in the SQLite file at <paramref name="path"/> (the file the silos use; a relative
    /// path is resolved now, against the current working directory of this process).</summary>
    public static IClientBuilder UseSqliteClustering(this IClientBuilder builder, string path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ClusteringRegistration.AddSqliteTable(builder.Services, ClusteringRegistration.ResolveSqlitePath(path));
        builder.Services.AddSingleton<IGatewayListProvider>(services => new SqlGatewayListProvider(
            services.GetRequiredService<SqliteMembershipTable>(), services.GetRequiredService<IOptions<GatewayOptions>>()));
        return builder;
    }

    /// <summary>Finds the gateways in the PostgreSQL database of <paramref name="connectionString"/>.</summary>
    public static IClientBuilder UsePostgresClustering(this IClientBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ClusteringRegistration.AddPostgresTable(builder.Services, connectionString);
        builder.Services.AddSingleton<IGatewayListProvider>(services => new SqlGatewayListProvider(
            services.GetRequiredService<PostgresMembershipTable>(), services.GetRequiredService<IOptions<GatewayOptions>>()));
        return builder;
    }

    /// <summary>Finds the gateways in the store named by <paramref name="spec"/> (see <see cref="ClusteringSpec.Parse"/>).</summary>
    public static IClientBuilder UseClustering(this IClientBuilder builder, ClusteringSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Store switch
        {
            ClusteringStore.Sqlite => builder.UseSqliteClustering(spec.Target),
            ClusteringStore.Azure => builder.UseAzureStorageClustering(options => options.TableServiceClient = new TableServiceClient(spec.Target)),
            _ => builder.UsePostgresClustering(spec.Target),
        };
    }
}
