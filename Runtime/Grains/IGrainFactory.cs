namespace PersoActors.Runtime;

/// <summary>Hands out references to grains. A reference is cheap, needs no activation to exist,
/// and works the same from a gateway, a silo or inside another grain.</summary>
public interface IGrainFactory
{
    /// <summary>Returns a reference to the grain of interface <typeparamref name="TGrainInterface"/> with the given key.</summary>
    TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey;
}
