using System.Text;

namespace PersoActors.Runtime.Calls;

/// <summary>FNV-1a: a hash that is the same in every process and version, unlike string.GetHashCode.</summary>
public static class StableHash
{
    public static uint Fnv1a32(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }
}
