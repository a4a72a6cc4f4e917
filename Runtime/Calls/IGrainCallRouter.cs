namespace PersoActors.Runtime.Calls;

/// <summary>Delivers a call to wherever its grain is activated. The single-silo router hands it to
/// the local catalog; a cluster router picks the owning silo and uses the transport.</summary>
internal interface IGrainCallRouter
{
    /// <summary>Starts the call and returns the Task its caller awaits (typed as the method's return type).</summary>
    Task Invoke(GrainId grainId, GrainMethod method, object?[] arguments);
}
