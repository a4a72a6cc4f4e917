using System.Reflection;

namespace PersoActors.Runtime.Calls;

/// <summary>The object behind every grain reference: implements the grain interface at run time
/// (DispatchProxy) and turns each interface call into (grain id, method, arguments).</summary>
public class GrainProxy : DispatchProxy
{
    private GrainInterface grainInterface = null!;
    private IGrainCallRouter router = null!;
    private TimeSpan timeout;

    /// <summary>The grain this reference points to.</summary>
    public GrainId GrainId { get; private set; }

    internal void Initialize(GrainId grainId, GrainInterface metadata, IGrainCallRouter callRouter, TimeSpan callTimeout)
    {
        GrainId = grainId;
        grainInterface = metadata;
        router = callRouter;
        timeout = callTimeout;
    }

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var method = grainInterface.ByMethodInfo[targetMethod!];
        var task = router.Invoke(GrainId, method, args ?? []);
        return method.WithTimeout(task, timeout, GrainId);
    }
}
