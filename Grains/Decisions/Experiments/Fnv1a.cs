namespace PersoActors.Grains.Decisions;

/// <summary>32-bit FNV-1a over the UTF-16 code units of a string (offset basis 2166136261, prime 16777619),
/// which equals FNV-1a over the bytes for ASCII and matches GrowthBook's JavaScript implementation.</summary>
public static class Fnv1a
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    public static uint Hash32(string value) => Hash32(value.AsSpan());

    public static uint Hash32(ReadOnlySpan<char> value) => Hash32(value, OffsetBasis);

    /// <summary>Continues a hash: <c>Hash32(b, Hash32(a)) == Hash32(a + b)</c>.</summary>
    public static uint Hash32(ReadOnlySpan<char> value, uint hash)
    {
        foreach (var c in value)
        {
            hash ^= c;
            hash *= Prime;
        }

        return hash;
    }
}
