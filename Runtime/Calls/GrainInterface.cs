using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Reflection;

namespace PersoActors.Runtime.Calls;

/// <summary>What the runtime knows about one grain interface: its grain type name and its methods.
/// Built once per interface and cached.</summary>
internal sealed class GrainInterface
{
    private static readonly ConcurrentDictionary<Type, GrainInterface> Cache = new();

    private GrainInterface(Type type)
    {
        if (!type.IsInterface || !typeof(IGrainWithStringKey).IsAssignableFrom(type))
        {
            throw new ArgumentException($"{type.Name} is not a grain interface (it must be an interface deriving from IGrainWithStringKey).");
        }

        Type = type;
        GrainType = type.GetCustomAttribute<GrainTypeAttribute>()?.Name ?? DefaultGrainType(type);
        var methods = new[] { type }.Concat(type.GetInterfaces())
            .Where(i => i != typeof(IGrain) && i != typeof(IGrainWithStringKey))
            .SelectMany(i => i.GetMethods())
            .Select(m => GrainMethod.Create(m, GrainType))
            .ToArray();
        var overloaded = methods.GroupBy(m => m.Name).FirstOrDefault(g => g.Count() > 1);
        if (overloaded is not null)
        {
            throw new InvalidOperationException($"Grain method {overloaded.Key} is overloaded; grain methods are identified by name, so give each a distinct name.");
        }

        ByMethodInfo = methods.ToFrozenDictionary(m => m.Method);
        ById = methods.ToFrozenDictionary(m => m.Id);
    }

    public Type Type { get; }

    public string GrainType { get; }

    public FrozenDictionary<MethodInfo, GrainMethod> ByMethodInfo { get; }

    public FrozenDictionary<uint, GrainMethod> ById { get; }

    public static GrainInterface Of(Type type) => Cache.GetOrAdd(type, static t => new GrainInterface(t));

    /// <summary><c>ICustomerGrain</c> → <c>customer</c>.</summary>
    private static string DefaultGrainType(Type type)
    {
        var name = type.Name;
        if (name.Length > 1 && name[0] == 'I' && char.IsUpper(name[1]))
        {
            name = name[1..];
        }

        if (name.EndsWith("Grain", StringComparison.Ordinal) && name.Length > "Grain".Length)
        {
            name = name[..^"Grain".Length];
        }

        return name.ToLowerInvariant();
    }
}
