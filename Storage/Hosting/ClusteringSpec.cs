using Npgsql;

namespace PersoActors.Storage.Hosting;

/// <summary>Which store holds the cluster's membership table.</summary>
public enum ClusteringStore
{
    /// <summary>A SQLite file shared by the silos and clients on one machine.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database, for silos on several machines.</summary>
    Postgres,

    /// <summary>An Azure Storage table (Orleans' own Azure clustering provider), or Azurite for local trials.</summary>
    Azure,
}

/// <summary>A membership store written as one configuration string: <c>sqlite:PATH</c>,
/// <c>postgres:CONNECTION-STRING</c> (e.g. <c>postgres:Host=db;Username=app;Database=persoactors</c>) or
/// <c>azure:CONNECTION-STRING</c> (an Azure Storage connection string, e.g. <c>azure:UseDevelopmentStorage=true</c>).
/// Apply it with <c>UseClustering</c> on a silo or client builder.</summary>
/// <param name="Store">The kind of store.</param>
/// <param name="Target">The absolute database path (SQLite) or the connection string (PostgreSQL, Azure).</param>
public sealed record ClusteringSpec(ClusteringStore Store, string Target)
{
    private const string SqlitePrefix = "sqlite:";
    private const string AzurePrefix = "azure:";
    private static readonly string[] PostgresPrefixes = ["postgres:", "postgresql:"];

    /// <summary>Parses <c>sqlite:PATH</c> (a relative path resolves against the current working directory, now),
    /// <c>postgres:CONNECTION-STRING</c> / <c>postgresql:CONNECTION-STRING</c> or <c>azure:CONNECTION-STRING</c>;
    /// the prefix is case-insensitive.</summary>
    /// <exception cref="FormatException">Anything else, or an empty path or connection string, or an Azure connection
    /// string the Azure SDK does not accept.</exception>
    public static ClusteringSpec Parse(string value)
    {
        var text = value?.Trim() ?? "";
        if (text.StartsWith(SqlitePrefix, StringComparison.OrdinalIgnoreCase))
        {
            var path = text[SqlitePrefix.Length..].Trim();
            return path.Length == 0
                ? throw new FormatException("Clustering 'sqlite:' needs the path of the database file the silos share, e.g. 'sqlite:/var/lib/persoactors/cluster.db'.")
                : new ClusteringSpec(ClusteringStore.Sqlite, Path.GetFullPath(path));
        }

        if (text.StartsWith(AzurePrefix, StringComparison.OrdinalIgnoreCase))
        {
            var connectionString = text[AzurePrefix.Length..].Trim();
            AzureConnectionString.Validate(connectionString, "Clustering");
            return new ClusteringSpec(ClusteringStore.Azure, connectionString);
        }

        foreach (var prefix in PostgresPrefixes)
        {
            if (text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                var connectionString = text[prefix.Length..].Trim();
                return connectionString.Length == 0
                    ? throw new FormatException($"Clustering '{prefix}' needs an Npgsql connection string, e.g. '{prefix}Host=db;Username=app;Database=persoactors'.")
                    : new ClusteringSpec(ClusteringStore.Postgres, connectionString);
            }
        }

        throw new FormatException(
            $"Clustering '{Describe(text)}' is not understood: use 'sqlite:PATH' (a database file shared by the silos on one machine), " +
            "'postgres:CONNECTION-STRING' (an Npgsql connection string) or 'azure:CONNECTION-STRING' (an Azure Storage connection string).");
    }

    /// <summary>The spec without secrets (a PostgreSQL password, an Azure account key or SAS token are left out), for logs.</summary>
    public override string ToString() => Store switch
    {
        ClusteringStore.Sqlite => SqlitePrefix + Target,
        ClusteringStore.Azure => AzurePrefix + AzureConnectionString.WithoutSecrets(Target),
        _ => "postgres:" + WithoutPassword(Target),
    };

    private static string WithoutPassword(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            builder.Remove("Password");
            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return "(unparsable connection string)";
        }
    }

    // An unknown scheme could still be a connection string with a password in it: name only the scheme.
    private static string Describe(string text)
    {
        var colon = text.IndexOf(':');
        return colon > 0 ? text[..(colon + 1)] + "..." : text.Length > 20 ? text[..20] + "..." : text;
    }
}
