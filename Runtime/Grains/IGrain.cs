namespace PersoActors.Runtime;

/// <summary>Marker for every grain interface. Grain interfaces contain only methods that return
/// <see cref="Task"/> or <see cref="Task{TResult}"/>; arguments and results must be serializable.</summary>
public interface IGrain;

/// <summary>Marker for grains identified by a string key (a customer id, an experiment id, ...).</summary>
public interface IGrainWithStringKey : IGrain;

/// <summary>Overrides the grain type name derived from the interface name
/// (<c>ICustomerGrain</c> → <c>customer</c>). The type name is part of every stored row and
/// every message, so it must never change once data exists.</summary>
[AttributeUsage(AttributeTargets.Interface)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
