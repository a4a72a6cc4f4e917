using PersoActors.Runtime.Activations;

namespace PersoActors.Runtime.Calls;

/// <summary>Routes every call to this silo's catalog: the single-silo (embedded) configuration.</summary>
internal sealed class LocalCallRouter(Catalog catalog) : IGrainCallRouter
{
    public Task Invoke(GrainId grainId, GrainMethod method, object?[] arguments)
    {
        try
        {
            return catalog.Invoke(grainId, method, arguments);
        }
        catch (Exception error)
        {
            return method.Failed(arguments, error);
        }
    }
}
