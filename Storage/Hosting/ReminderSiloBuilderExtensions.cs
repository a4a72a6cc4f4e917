using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using PersoActors.Storage.Reminders;

namespace PersoActors.Storage.Hosting;

/// <summary>Adds Orleans' reminder service with a reminder table in the same kind of store as the grain state.</summary>
public static class ReminderSiloBuilderExtensions
{
    /// <summary>Reminders in the SQLite file <paramref name="path"/> (may be the grain-state file).</summary>
    public static ISiloBuilder UseSqliteReminders(this ISiloBuilder builder, string path)
    {
        var fullPath = Path.GetFullPath(path);
        return builder.UseReminderTable(services => new SqliteReminderTable(ServiceId(services), fullPath));
    }

    /// <summary>Reminders in the PostgreSQL database of <paramref name="connectionString"/> (table created if missing).</summary>
    public static ISiloBuilder UsePostgresReminders(this ISiloBuilder builder, string connectionString) =>
        builder.UseReminderTable(services => new PostgresReminderTable(ServiceId(services), connectionString));

    // How long a silo's start waits for Orleans' Azure Table reminder table. Orleans keeps retrying its set-up for 5
    // minutes by default, even once membership in the same store has given up (after about 7 s of the Azure client's
    // own retries), so a silo pointed at an unreachable account would wait 5 minutes to say so.
    private static readonly TimeSpan AzureInitializationTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Reminders in the store named by a storage spec (<see cref="StorageSpec.Parse"/>): the same spec as the
    /// grain storage, so a silo keeps its reminders where it keeps its state. <c>memory</c> uses Orleans' in-memory
    /// reminder service (lost with the cluster; tests and trials only).</summary>
    public static ISiloBuilder AddReminders(this ISiloBuilder builder, StorageSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Store switch
        {
            StateStore.Sqlite => builder.UseSqliteReminders(spec.Target),
            StateStore.Postgres => builder.UsePostgresReminders(spec.Target),
            // Orleans ships an Azure Table reminder table; we only write the ones it lacks.
            StateStore.Azure => builder.UseAzureTableReminderService(options => options.TableServiceClient = new TableServiceClient(spec.Target))
                .Configure<ReminderOptions>(options => options.InitializationTimeout = AzureInitializationTimeout),
            StateStore.Memory => builder.UseInMemoryReminderService(),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Store, "No reminder table for this store."),
        };
    }

    private static ISiloBuilder UseReminderTable(this ISiloBuilder builder, Func<IServiceProvider, SqlReminderTable> factory)
    {
        builder.AddReminders();
        builder.Services.AddSingleton<IReminderTable>(factory);
        return builder;
    }

    private static string ServiceId(IServiceProvider services) => services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId;
}
