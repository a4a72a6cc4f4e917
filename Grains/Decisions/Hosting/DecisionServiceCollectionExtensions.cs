using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace PersoActors.Grains.Decisions;

/// <summary>Registers the decision engine's per-silo services. Call after <c>AddPersoActorsSilo</c> (whose
/// <c>AddGrains(typeof(CatalogGrain).Assembly)</c> registers the decision grains), so on shutdown the
/// aggregator's final flush runs before the silo deactivates its grains.</summary>
public static class DecisionServiceCollectionExtensions
{
    public static IServiceCollection AddPersoActorsDecisions(this IServiceCollection services, Action<DecisionOptions>? configure = null)
    {
        var options = services.AddOptions<DecisionOptions>().BindConfiguration("Decisions");
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DecisionOptions>, DecisionOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DecisionSnapshotHolder>();
        services.TryAddSingleton(sp => new DecisionEngine(
            sp.GetRequiredService<IOptions<DecisionOptions>>().Value, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<DecisionSnapshotHolder>()));
        services.TryAddSingleton<ItemSignalAggregator>();
        services.AddHostedService<DecisionRefreshService>();
        services.AddHostedService(sp => sp.GetRequiredService<ItemSignalAggregator>());
        return services;
    }
}
