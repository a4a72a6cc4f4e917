using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PersoActors.Runtime.Activations;
using PersoActors.Runtime.State;

namespace PersoActors.Runtime.Hosting;

/// <summary>Configures the silo registered by <see cref="SiloServiceCollectionExtensions.AddPersoActorsSilo"/>.</summary>
public sealed class SiloBuilder(IServiceCollection services)
{
    public IServiceCollection Services { get; } = services;

    /// <summary>Registers every grain class in the assembly.</summary>
    public SiloBuilder AddGrains(Assembly assembly)
    {
        Registry.AddFrom(assembly);
        return this;
    }

    /// <summary>Changes silo settings.</summary>
    public SiloBuilder Configure(Action<SiloOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }

    /// <summary>Keeps grain state in process memory (lost when the process ends).</summary>
    public SiloBuilder UseMemoryStorage() => UseStorage(_ => new MemoryGrainStorage());

    /// <summary>Keeps grain state in a SQLite file, created on first use.</summary>
    public SiloBuilder UseSqliteStorage(string path) => UseStorage(_ => new SqliteGrainStorage(path));

    /// <summary>Keeps grain state in the given storage.</summary>
    public SiloBuilder UseStorage(Func<IServiceProvider, IGrainStorage> factory)
    {
        Services.Replace(ServiceDescriptor.Singleton(factory));
        return this;
    }

    private GrainClassRegistry Registry =>
        (GrainClassRegistry)Services.Single(d => d.ServiceType == typeof(GrainClassRegistry)).ImplementationInstance!;
}
