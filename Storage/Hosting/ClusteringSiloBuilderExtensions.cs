using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using PersoActors.Storage.Membership;

namespace PersoActors.Storage.Hosting;

/// <summary>Registers one of our membership tables as the silo's <see cref="IMembershipTable"/>.</summary>
public static class ClusteringSiloBuilderExtensions
{
    /// <summary>Uses the SQLite file at <paramref name="path"/> as the membership table. Every silo and client of
    /// the cluster on this machine must name the same file; a relative path is resolved now, against the current
    /// working directory of this process.</summary>
    public static ISiloBuilder UseSqliteClustering(this ISiloBuilder builder, string path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var fullPath = ClusteringRegistration.ResolveSqlitePath(path);
        ClusteringRegistration.AddSqliteTable(builder.Services, fullPath);
        builder.Services.AddSingleton<IMembershipTable>(services => services.GetRequiredService<SqliteMembershipTable>());
        return builder;
    }

    /// <summary>Uses the PostgreSQL database of <paramref name="connectionString"/> as the membership table
    /// (its tables are created if missing).</summary>
    public static ISiloBuilder UsePostgresClustering(this ISiloBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ClusteringRegistration.AddPostgresTable(builder.Services, connectionString);
        builder.Services.AddSingleton<IMembershipTable>(services => services.GetRequiredService<PostgresMembershipTable>());
        return builder;
    }

    /// <summary>Uses the store named by <paramref name="spec"/> (see <see cref="ClusteringSpec.Parse"/>); <c>azure:</c> is
    /// Orleans' own Azure Table membership (table <c>OrleansSiloInstances</c>, created if missing).</summary>
    public static ISiloBuilder UseClustering(this ISiloBuilder builder, ClusteringSpec spec)
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
