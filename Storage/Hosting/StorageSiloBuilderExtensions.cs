using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace PersoActors.Storage.Hosting;

/// <summary>Registers this project's grain storage providers on a silo. Each is an Orleans
/// <see cref="IGrainStorage"/> (keyed by its name; "Default" also as the unkeyed default), so plain
/// <c>[PersistentState("x", "name")]</c> grains work on it, and an <see cref="IJournaledGrainStorage"/>, so
/// <c>[JournaledState("x", "name")]</c> grains get a journal and <see cref="StateWriteMode"/>-aware writes
/// (<c>IJournaledState.WriteStateAsync(StateWriteMode.Scrub)</c> for purges that must leave no trace in the files).
/// Every registration also adds the <see cref="JournaledStateAttribute"/> facet (once). Providers are disposed with
/// the silo's services, after the silo stopped: queued writes are committed first.</summary>
public static class StorageSiloBuilderExtensions
{
    /// <summary>Keeps grain state in the SQLite file <paramref name="path"/> (created if missing) under the provider name <paramref name="name"/>.</summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, string path, IGrainStorageSerializer? serializer = null) =>
        builder.AddJournaledGrainStorage(name, _ => new SqliteGrainStorage(path, serializer));

    /// <summary>Keeps grain state in the SQLite file <paramref name="path"/> as the default provider ("Default").</summary>
    public static ISiloBuilder AddSqliteGrainStorageAsDefault(this ISiloBuilder builder, string path, IGrainStorageSerializer? serializer = null) =>
        builder.AddSqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, path, serializer);

    /// <summary>Keeps grain state in PostgreSQL (tables created if missing) under the provider name <paramref name="name"/>.</summary>
    public static ISiloBuilder AddPostgresGrainStorage(this ISiloBuilder builder, string name, string connectionString, IGrainStorageSerializer? serializer = null) =>
        builder.AddJournaledGrainStorage(name, _ => new PostgresGrainStorage(connectionString, serializer));

    /// <summary>Keeps grain state in PostgreSQL as the default provider ("Default").</summary>
    public static ISiloBuilder AddPostgresGrainStorageAsDefault(this ISiloBuilder builder, string connectionString, IGrainStorageSerializer? serializer = null) =>
        builder.AddPostgresGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, connectionString, serializer);

    /// <summary>Keeps grain state in the Azure Storage table <paramref name="tableName"/> (created if missing) of the account
    /// of <paramref name="connectionString"/> under the provider name <paramref name="name"/> (see <see cref="AzureTableGrainStorage"/>).</summary>
    public static ISiloBuilder AddAzureTableGrainStorage(this ISiloBuilder builder, string name, string connectionString,
        string tableName = AzureTableGrainStorage.DefaultTableName, IGrainStorageSerializer? serializer = null) =>
        builder.AddJournaledGrainStorage(name, _ => new AzureTableGrainStorage(connectionString, tableName, serializer));

    /// <summary>Keeps grain state in an Azure Storage table as the default provider ("Default").</summary>
    public static ISiloBuilder AddAzureTableGrainStorageAsDefault(this ISiloBuilder builder, string connectionString, IGrainStorageSerializer? serializer = null) =>
        builder.AddAzureTableGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, connectionString, serializer: serializer);

    /// <summary>Keeps grain state in memory under the provider name <paramref name="name"/>: in <paramref name="shared"/>
    /// if given (silos of one process that share it see the same state), else in a store of this silo alone.</summary>
    public static ISiloBuilder AddMemoryJournaledGrainStorage(this ISiloBuilder builder, string name, MemoryJournaledGrainStorage? shared = null) =>
        builder.AddJournaledGrainStorage(name, _ => shared ?? new MemoryJournaledGrainStorage());

    /// <summary>Keeps grain state in memory as the default provider ("Default"); see <see cref="AddMemoryJournaledGrainStorage"/>.</summary>
    public static ISiloBuilder AddMemoryJournaledGrainStorageAsDefault(this ISiloBuilder builder, MemoryJournaledGrainStorage? shared = null) =>
        builder.AddMemoryJournaledGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, shared);

    /// <summary>A provider from a spec string, for configuration files and command lines (see <see cref="StorageSpec.Parse"/>).</summary>
    /// <exception cref="FormatException">The spec is not understood.</exception>
    public static ISiloBuilder AddGrainStorage(this ISiloBuilder builder, string name, string spec)
    {
        var parsed = StorageSpec.Parse(spec);
        return parsed.Store switch
        {
            StateStore.Sqlite => builder.AddSqliteGrainStorage(name, parsed.Target),
            StateStore.Postgres => builder.AddPostgresGrainStorage(name, parsed.Target),
            StateStore.Azure => builder.AddAzureTableGrainStorage(name, parsed.Target),
            _ => builder.AddMemoryJournaledGrainStorage(name),
        };
    }

    /// <summary>Registers an <see cref="IJournaledGrainStorage"/> made by <paramref name="factory"/> as the grain storage
    /// <paramref name="name"/>, plus the <see cref="JournaledStateAttribute"/> facet.</summary>
    public static ISiloBuilder AddJournaledGrainStorage<TStorage>(this ISiloBuilder builder, string name, Func<IServiceProvider, TStorage> factory)
        where TStorage : IJournaledGrainStorage
    {
        builder.Services.AddGrainStorage(name, (services, _) =>
        {
            var storage = factory(services);
            if (storage is GroupCommittedGrainStorage groupCommitted)
            {
                groupCommitted.LimitRelaxedWrites(services.GetRequiredService<IOptions<DurabilityOptions>>().Value);
            }

            return storage;
        });
        builder.Services.AddJournaledStateFacet();
        builder.Services.AddDurabilityOptions();
        return builder;
    }

    /// <summary>Binds <see cref="DurabilityOptions"/> to the <c>Storage</c> configuration section (idempotent), checked
    /// when the host starts: an unknown <c>Storage:Durability</c> or an out-of-range bound stops it with the reason.</summary>
    public static IServiceCollection AddDurabilityOptions(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(DurabilityOptionsMarker)))
        {
            services.AddSingleton<DurabilityOptionsMarker>();
            services.AddOptions<DurabilityOptions>()
                .BindConfiguration(DurabilityOptions.Section)
                .ValidateOnStart();
            services.AddSingleton<IValidateOptions<DurabilityOptions>, DurabilityOptionsValidator>();
        }

        return services;
    }

    private sealed class DurabilityOptionsMarker;

    private sealed class DurabilityOptionsValidator : IValidateOptions<DurabilityOptions>
    {
        public ValidateOptionsResult Validate(string? name, DurabilityOptions options) =>
            options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }

    /// <summary>Adds the <see cref="JournaledStateAttribute"/> facet alone (idempotent), for a silo whose journaled
    /// storage is registered some other way.</summary>
    public static IServiceCollection AddJournaledStateFacet(this IServiceCollection services)
    {
        services.TryAddSingleton<IAttributeToFactoryMapper<JournaledStateAttribute>, JournaledStateAttributeMapper>();
        return services;
    }
}
