using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Storage;

namespace PersoActors.Storage;

/// <summary>Orleans' facet hook for <see cref="JournaledStateAttribute"/>: for each attributed grain constructor
/// parameter, a factory that creates the <see cref="JournaledState{TState}"/> of an activation and subscribes it to
/// the activation's lifecycle. Registered (as <c>IAttributeToFactoryMapper&lt;JournaledStateAttribute&gt;</c>) by
/// every storage registration extension of this project.</summary>
public sealed class JournaledStateAttributeMapper : IAttributeToFactoryMapper<JournaledStateAttribute>
{
    private static readonly MethodInfo CreateFactoryMethod =
        typeof(JournaledStateAttributeMapper).GetMethod(nameof(CreateFactory), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <inheritdoc/>
    public Factory<IGrainContext, object> GetFactory(ParameterInfo parameter, JournaledStateAttribute attribute)
    {
        var type = parameter.ParameterType;
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IJournaledState<>))
        {
            throw new ArgumentException(
                $"Parameter '{parameter.Name}' of {parameter.Member.DeclaringType}'s constructor has [JournaledState] but its type is {type}; " +
                $"it must be {typeof(IJournaledState<>).Name.Split('`')[0]}<TState>.", parameter.Name);
        }

        return (Factory<IGrainContext, object>)CreateFactoryMethod.MakeGenericMethod(type.GetGenericArguments()).Invoke(null, [attribute])!;
    }

    private static Factory<IGrainContext, object> CreateFactory<TState>(JournaledStateAttribute attribute) => context =>
    {
        var state = new JournaledState<TState>(attribute.StateName, context.GrainId, Resolve(context, attribute.StorageName));
        state.Participate(context.ObservableLifecycle);
        return state;
    };

    private static IJournaledGrainStorage Resolve(IGrainContext context, string? storageName)
    {
        var services = context.ActivationServices;
        var name = string.IsNullOrWhiteSpace(storageName) ? ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME : storageName;
        var storage = services.GetKeyedService<IGrainStorage>(name) ?? (storageName is null ? services.GetService<IGrainStorage>() : null);
        return storage switch
        {
            IJournaledGrainStorage journaled => journaled,
            null => throw new BadProviderConfigException(
                $"No grain storage named '{name}' is registered for grain type {context.GrainId.Type}: register one with AddSqliteGrainStorage, AddPostgresGrainStorage or AddMemoryJournaledGrainStorage."),
            _ => throw new BadProviderConfigException(
                $"Grain storage '{name}' ({storage.GetType().Name}) has no journal; [JournaledState] on grain type {context.GrainId.Type} needs an {nameof(IJournaledGrainStorage)}."),
        };
    }
}
