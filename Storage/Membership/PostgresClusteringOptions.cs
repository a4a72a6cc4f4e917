namespace PersoActors.Storage.Membership;

/// <summary>Where the PostgreSQL membership table lives.</summary>
public sealed class PostgresClusteringOptions
{
    /// <summary>An Npgsql connection string. The tables are created in the connection's default schema if missing.</summary>
    public string ConnectionString { get; set; } = "";
}
