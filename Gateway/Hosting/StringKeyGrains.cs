using Orleans.Runtime;

namespace PersoActors.Gateway.Hosting;

/// <summary>References to string-keyed grains without Orleans' per-call interface resolution.</summary>
public static class StringKeyGrains
{
    /// <summary>The same reference as <c>GetGrain&lt;T&gt;(key)</c>. Orleans resolves T's interface and grain type on
    /// every such call (reading T's attributes and formatting its name: ~3% of a recommendation's CPU); both are the
    /// same for every key, so they are resolved once per interface. The key must already be validated (non-blank).</summary>
    public static TGrainInterface GetStringKeyGrain<TGrainInterface>(this IGrainFactory grains, string key)
        where TGrainInterface : IGrainWithStringKey
    {
        var types = ResolvedTypes<TGrainInterface>.Value ??= ResolvedTypes<TGrainInterface>.From(grains);
        return (TGrainInterface)grains.GetGrain(GrainId.Create(types.Grain, key), types.Interface);
    }

    private sealed record ResolvedTypes<T>(GrainType Grain, GrainInterfaceType Interface) where T : IGrainWithStringKey
    {
        public static ResolvedTypes<T>? Value;

        public static ResolvedTypes<T> From(IGrainFactory grains)
        {
            var reference = (GrainReference)(object)grains.GetGrain<T>("-");
            return new(reference.GrainId.Type, reference.InterfaceType);
        }
    }
}
