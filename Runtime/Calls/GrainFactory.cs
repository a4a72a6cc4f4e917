using System.Reflection;
using Microsoft.Extensions.Options;
using PersoActors.Runtime.Hosting;

namespace PersoActors.Runtime.Calls;

internal sealed class GrainFactory(IGrainCallRouter router, IOptions<SiloOptions> options) : IGrainFactory
{
    private readonly TimeSpan callTimeout = options.Value.CallTimeout;

    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var metadata = GrainInterface.Of(typeof(TGrainInterface));
        var proxy = DispatchProxy.Create<TGrainInterface, GrainProxy>();
        ((GrainProxy)(object)proxy).Initialize(new GrainId(metadata.GrainType, key), metadata, router, callTimeout);
        return proxy;
    }
}
