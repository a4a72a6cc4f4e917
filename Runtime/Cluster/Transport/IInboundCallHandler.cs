using PersoActors.Runtime.Calls;

namespace PersoActors.Runtime.Cluster.Transport;

/// <summary>What a silo does with a call that arrived over the transport.</summary>
internal interface IInboundCallHandler
{
    /// <summary>Runs the call here if this silo owns the grain, otherwise forwards or rejects it.
    /// <paramref name="hops"/> counts how often it was forwarded already.</summary>
    Task Handle(GrainId grainId, GrainMethod method, object?[] arguments, byte hops);
}
