using System.Collections.Frozen;
using PersoActors.Runtime.Activations;
using PersoActors.Runtime.Calls;

namespace PersoActors.Runtime.Cluster.Transport;

/// <summary>Method id → method, for every grain interface this silo implements: how a silo turns
/// the method id of a received frame back into a typed call.</summary>
internal sealed class GrainMethodRegistry
{
    private readonly FrozenDictionary<uint, GrainMethod> methods;

    public GrainMethodRegistry(GrainClassRegistry classes)
    {
        var all = classes.Classes
            .SelectMany(c => c.GetInterfaces())
            .Where(i => i != typeof(IGrainWithStringKey) && typeof(IGrainWithStringKey).IsAssignableFrom(i))
            .Distinct()
            .SelectMany(i => GrainInterface.Of(i).ById.Values)
            .DistinctBy(m => m.Method)
            .ToArray();
        var collision = all.GroupBy(m => m.Id).FirstOrDefault(g => g.Select(m => m.Name).Distinct().Count() > 1);
        if (collision is not null)
        {
            throw new InvalidOperationException($"Grain methods {string.Join(", ", collision.Select(m => m.Name))} hash to the same wire id; rename one.");
        }

        methods = all.DistinctBy(m => m.Id).ToFrozenDictionary(m => m.Id);
    }

    public bool TryGet(uint id, out GrainMethod method) => methods.TryGetValue(id, out method!);
}
