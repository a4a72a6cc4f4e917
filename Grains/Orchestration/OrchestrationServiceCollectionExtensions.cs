using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Hosting;

namespace PersoActors.Grains.Orchestration;

/// <summary>Registers triggers and webhook delivery on a silo (bound to the <c>Orchestration</c> section). The silo
/// also needs Orleans reminders (<c>AddReminders(StorageSpec)</c> or <c>UseSqliteReminders</c> in PersoActors.Storage)
/// for messages that must survive deactivation and silo loss.</summary>
public static class OrchestrationServiceCollectionExtensions
{
    public static IServiceCollection AddPersoActorsOrchestration(this IServiceCollection services, Action<OrchestrationOptions>? configure = null)
    {
        var options = services.AddOptions<OrchestrationOptions>().BindConfiguration("Orchestration");
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OrchestrationOptions>, OrchestrationOptionsValidator>());

        // Orleans refuses reminder periods below its minimum (1 minute by default): a shorter configured period lowers it.
        services.AddOptions<ReminderOptions>().Configure<IOptions<OrchestrationOptions>>((reminders, orchestration) =>
            reminders.MinimumReminderPeriod = orchestration.Value.ReminderPeriod < reminders.MinimumReminderPeriod
                ? orchestration.Value.ReminderPeriod
                : reminders.MinimumReminderPeriod);
        services.TryAddSingleton(_ => new OrchestrationClock(TimeProvider.System));
        services.TryAddSingleton<TriggerCatalog>();
        services.TryAddSingleton<WebhookDispatcher>();
        services.TryAddSingleton<OrchestrationServices>();
        return services;
    }
}
