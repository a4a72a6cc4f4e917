namespace PersoActors.Storage.Membership;

/// <summary>Where the SQLite membership table lives.</summary>
public sealed class SqliteClusteringOptions
{
    /// <summary>The database file every silo and client of the cluster on this machine shares. A relative path
    /// resolves against the current working directory of each process, so processes started from different
    /// directories would silently form separate clusters: configure an absolute path.</summary>
    public string DatabasePath { get; set; } = "";

    /// <summary>How long a statement waits for another process's write lock before failing (SQLite <c>busy_timeout</c>).</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
