using PersoActors.Runtime.Hosting;

namespace PersoActors.Runtime.State;

/// <summary>Storage choices beyond the built-in ones of <see cref="SiloBuilder"/>.</summary>
public static class PostgresStorageSiloBuilderExtensions
{
    /// <summary>Keeps grain state in PostgreSQL (table created on first use).</summary>
    public static SiloBuilder UsePostgresStorage(this SiloBuilder silo, string connectionString) =>
        silo.UseStorage(_ => new PostgresGrainStorage(connectionString));

    /// <summary>Storage from a spec string: <c>sqlite:PATH</c>, <c>postgres:CONNECTION-STRING</c> or <c>memory</c>.</summary>
    public static SiloBuilder UseStorage(this SiloBuilder silo, string spec)
    {
        if (spec.Trim().Equals("memory", StringComparison.OrdinalIgnoreCase))
        {
            return silo.UseMemoryStorage();
        }

        var colon = spec.IndexOf(':');
        var kind = colon > 0 ? spec[..colon].Trim().ToLowerInvariant() : "";
        var value = colon > 0 ? spec[(colon + 1)..].Trim() : "";
        return (kind, value) switch
        {
            ("sqlite", { Length: > 0 }) => silo.UseSqliteStorage(value),
            ("postgres" or "postgresql", { Length: > 0 }) => silo.UsePostgresStorage(value),
            _ => throw new ArgumentException($"Unknown storage spec '{spec}': use sqlite:PATH, postgres:CONNECTION-STRING or memory.", nameof(spec)),
        };
    }
}
