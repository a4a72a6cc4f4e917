using System.Collections.Concurrent;

namespace PersoActors.Grains.Customers;

/// <summary>A per-process pool of strings that many profiles share (item ids, categories, brands,
/// consent sources), so a million customers who viewed the same item hold one copy of its id.
/// Bounded: past its capacity, strings are simply not pooled.</summary>
public sealed class StringPool(int capacity)
{
    private readonly ConcurrentDictionary<string, string> strings = new(StringComparer.Ordinal);
    private int count;

    public static StringPool Shared { get; } = new(4_000_000);

    public int Count => Volatile.Read(ref count);

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(value))]
    public string? Intern(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (strings.TryGetValue(value, out var pooled))
        {
            return pooled;
        }

        if (Volatile.Read(ref count) >= capacity)
        {
            return value;
        }

        pooled = strings.GetOrAdd(value, value);
        if (ReferenceEquals(pooled, value))
        {
            Interlocked.Increment(ref count);
        }

        return pooled;
    }
}
