using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PersoActors.Runtime.Activations;
using PersoActors.Runtime.Calls;
using PersoActors.Runtime.State;

namespace PersoActors.Runtime.Hosting;

/// <summary>Registers a silo in a generic host.</summary>
public static class SiloServiceCollectionExtensions
{
    /// <summary>Adds a silo (catalog, activation collector, grain factory) to the host. State is kept
    /// in memory unless the builder picks a storage.</summary>
    public static IServiceCollection AddPersoActorsSilo(this IServiceCollection services, Action<SiloBuilder> configure)
    {
        services.AddOptions<SiloOptions>().BindConfiguration("Silo");
        services.TryAddSingleton(new GrainClassRegistry());
        services.TryAddSingleton<GrainSerializerOptions>();
        services.TryAddSingleton<IGrainStorage, MemoryGrainStorage>();
        services.TryAddSingleton<GrainActivator>();
        services.TryAddSingleton<Catalog>();
        services.TryAddSingleton(sp => new SiloRuntimeInfo(sp.GetRequiredService<Catalog>()));
        services.TryAddSingleton<IGrainCallRouter, LocalCallRouter>();
        services.TryAddSingleton<IGrainFactory, GrainFactory>();
        services.AddHostedService<ActivationCollector>();
        services.AddHostedService<SiloLifecycle>();
        configure(new SiloBuilder(services));
        return services;
    }
}
