using System.Text;

namespace PersoActors.Runtime.Cluster.Placement;

/// <summary>64-bit hashes that are identical in every process and version (unlike string.GetHashCode).</summary>
public static class StableHash64
{
    /// <summary>FNV-1a 64 of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037ul;
        Span<byte> buffer = text.Length <= 256 ? stackalloc byte[Encoding.UTF8.GetMaxByteCount(text.Length)] : new byte[Encoding.UTF8.GetMaxByteCount(text.Length)];
        var length = Encoding.UTF8.GetBytes(text, buffer);
        foreach (var b in buffer[..length])
        {
            hash = (hash ^ b) * 1099511628211ul;
        }

        return hash;
    }

    /// <summary>The 64-bit finalizer of MurmurHash3: every input bit affects every output bit, which
    /// FNV alone does not guarantee for its high bits.</summary>
    public static ulong Mix(ulong value)
    {
        value ^= value >> 33;
        value *= 0xff51afd7ed558ccdul;
        value ^= value >> 33;
        value *= 0xc4ceb9fe1a85ec53ul;
        value ^= value >> 33;
        return value;
    }

    /// <summary>Hash of a grain id (type and key, separated so "a/bc" and "ab/c" differ).</summary>
    public static ulong Of(GrainId grainId) => Mix(Fnv1a(grainId.Type) * 31 ^ Fnv1a(grainId.Key));
}
