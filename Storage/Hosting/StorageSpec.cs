namespace PersoActors.Storage.Hosting;

/// <summary>Which store holds grain state.</summary>
public enum StateStore
{
    /// <summary>A SQLite file (<see cref="SqliteGrainStorage"/>).</summary>
    Sqlite,

    /// <summary>A PostgreSQL database (<see cref="PostgresGrainStorage"/>).</summary>
    Postgres,

    /// <summary>An Azure Storage table (<see cref="AzureTableGrainStorage"/>), or Azurite for local trials.</summary>
    Azure,

    /// <summary>This silo's memory (<see cref="MemoryJournaledGrainStorage"/>), for tests and trials.</summary>
    Memory,
}

/// <summary>A grain storage written as one configuration string: <c>sqlite:PATH</c>, <c>postgres:CONNECTION-STRING</c>
/// (or <c>postgresql:</c>), <c>azure:CONNECTION-STRING</c> (an Azure Storage connection string) or <c>memory</c>.
/// Apply it with <c>AddGrainStorage</c> on a silo builder.</summary>
/// <param name="Store">The kind of store.</param>
/// <param name="Target">The path (SQLite) or the connection string (PostgreSQL, Azure); empty for memory.</param>
public sealed record StorageSpec(StateStore Store, string Target)
{
    /// <summary>Parses a spec; the prefix is case-insensitive.</summary>
    /// <exception cref="FormatException">Anything else, or an empty path or connection string, or an Azure connection
    /// string the Azure SDK does not accept.</exception>
    public static StorageSpec Parse(string value)
    {
        var text = value?.Trim() ?? "";
        if (text.Equals("memory", StringComparison.OrdinalIgnoreCase))
        {
            return new StorageSpec(StateStore.Memory, "");
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var kind = colon > 0 ? text[..colon].Trim().ToLowerInvariant() : "";
        var target = colon > 0 ? text[(colon + 1)..].Trim() : "";
        return (kind, target) switch
        {
            ("sqlite", { Length: > 0 }) => new StorageSpec(StateStore.Sqlite, target),
            ("postgres" or "postgresql", { Length: > 0 }) => new StorageSpec(StateStore.Postgres, target),
            ("azure", _) => ParseAzure(target),
            // Only the scheme is named: the rest could be a connection string with a password in it.
            _ => throw new FormatException(
                $"Storage '{(colon > 0 ? kind + ":..." : text)}' is not understood: use sqlite:PATH, postgres:CONNECTION-STRING, azure:CONNECTION-STRING or memory."),
        };
    }

    private static StorageSpec ParseAzure(string connectionString)
    {
        AzureConnectionString.Validate(connectionString, "Storage");
        return new StorageSpec(StateStore.Azure, connectionString);
    }
}
