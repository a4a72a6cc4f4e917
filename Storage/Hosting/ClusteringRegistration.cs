using Microsoft.Extensions.DependencyInjection;
using PersoActors.Storage.Membership;

namespace PersoActors.Storage.Hosting;

/// <summary>The registrations silo and client builders share: the table itself, bound to the cluster id of
/// <c>ClusterOptions</c> when it is first resolved.</summary>
internal static class ClusteringRegistration
{
    public static string ResolveSqlitePath(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Path.GetFullPath(path);
    }

    public static void AddSqliteTable(IServiceCollection services, string fullPath)
    {
        services.Configure<SqliteClusteringOptions>(options => options.DatabasePath = fullPath);
        services.AddSingleton<SqliteMembershipTable>();
    }

    public static void AddPostgresTable(IServiceCollection services, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        services.Configure<PostgresClusteringOptions>(options => options.ConnectionString = connectionString);
        services.AddSingleton<PostgresMembershipTable>();
    }
}
