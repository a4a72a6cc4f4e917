using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PersoActors.Runtime.Calls;
using PersoActors.Runtime.State;

namespace PersoActors.Runtime.Activations;

/// <summary>Creates grain instances: finds the class that implements a grain type, injects its
/// services and its persistent state objects, and reads that state.</summary>
internal sealed class GrainActivator
{
    private readonly IServiceProvider services;
    private readonly IGrainStorage storage;
    private readonly JsonSerializerOptions json;
    private readonly FrozenDictionary<string, GrainClass> classes;

    public GrainActivator(IServiceProvider services, IGrainStorage storage, GrainClassRegistry registry, GrainSerializerOptions serializer)
    {
        this.services = services;
        this.storage = storage;
        json = serializer.Options;
        classes = registry.Classes
            .SelectMany(type => type.GetInterfaces()
                .Where(i => i != typeof(IGrainWithStringKey) && typeof(IGrainWithStringKey).IsAssignableFrom(i))
                .Select(i => (GrainInterface.Of(i).GrainType, Class: type)))
            .DistinctBy(pair => pair.GrainType)
            .ToFrozenDictionary(pair => pair.GrainType, pair => new GrainClass(pair.Class));
    }

    public bool CanActivate(string grainType) => classes.ContainsKey(grainType);

    /// <summary>Creates the grain and loads its state; the caller then runs OnActivateAsync.</summary>
    public async Task<Grain> CreateAsync(Activation activation)
    {
        if (!classes.TryGetValue(activation.GrainId.Type, out var grainClass))
        {
            throw new InvalidOperationException($"No grain class is registered for grain type '{activation.GrainId.Type}'.");
        }

        var states = grainClass.States.Select(s => s.Create(activation.GrainId, storage, json)).ToArray();
        await Task.WhenAll(states.Select(s => s.ReadStateAsync())).ConfigureAwait(false);
        var grain = (Grain)grainClass.Factory(services, states);
        grain.Attach(activation);
        return grain;
    }

    private sealed class GrainClass
    {
        public GrainClass(Type type)
        {
            var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
            States = constructor.GetParameters()
                .Where(p => p.ParameterType.IsGenericType && p.ParameterType.GetGenericTypeDefinition() == typeof(IPersistentState<>))
                .Select(p => new StateSlot(p.ParameterType, p.GetCustomAttribute<PersistentStateAttribute>()?.StateName ?? p.Name!))
                .ToArray();
            Factory = ActivatorUtilities.CreateFactory(type, States.Select(s => s.ParameterType).ToArray());
        }

        public StateSlot[] States { get; }

        public ObjectFactory Factory { get; }
    }

    private sealed class StateSlot(Type parameterType, string stateName)
    {
        private readonly Type implementation = typeof(PersistentState<>).MakeGenericType(parameterType.GetGenericArguments()[0]);

        public Type ParameterType { get; } = parameterType;

        public IStateLoader Create(GrainId grainId, IGrainStorage storage, JsonSerializerOptions json) =>
            (IStateLoader)Activator.CreateInstance(implementation, grainId, stateName, storage, json)!;
    }
}

/// <summary>The grain classes this silo can activate.</summary>
internal sealed class GrainClassRegistry
{
    public List<Type> Classes { get; } = [];

    public void AddFrom(Assembly assembly) =>
        Classes.AddRange(assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && t.IsSubclassOf(typeof(Grain))));
}
