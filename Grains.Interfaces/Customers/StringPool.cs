using System.Collections.Concurrent;
using System.Text;

namespace PersoActors.Grains.Interfaces.Customers;

/// <summary>A per-process pool of strings that many profiles share (item ids, categories, brands,
/// consent sources), so a million customers who viewed the same item hold one copy of its id.
/// Bounded: past its capacity, strings are simply not pooled.</summary>
public sealed class StringPool
{
    // Longer UTF-8 values are decoded to a string first (item ids, categories and brands are far shorter).
    private const int MaxStackBytes = 512;
    private readonly ConcurrentDictionary<string, string> strings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> byChars;
    private readonly int capacity;
    private int count;

    public StringPool(int capacity)
    {
        this.capacity = capacity;
        byChars = strings.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static StringPool Shared { get; } = new(4_000_000);

    public int Count => Volatile.Read(ref count);

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(value))]
    public string? Intern(string? value)
    {
        if (value is null)
        {
            return null;
        }

        return strings.TryGetValue(value, out var pooled) ? pooled : Add(value);
    }

    /// <summary>The pooled string with these UTF-8 bytes (invalid sequences read as U+FFFD, as
    /// <see cref="Encoding.UTF8"/> reads them). The bytes are decoded on the stack and looked up by their characters,
    /// so a value the pool already holds costs no allocation: replaying a journal meets the same item ids, categories
    /// and brands over and over.</summary>
    public string Intern(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxStackBytes)
        {
            return Intern(Encoding.UTF8.GetString(utf8));
        }

        // UTF-8 never decodes to more UTF-16 code units than it has bytes.
        Span<char> chars = stackalloc char[utf8.Length];
        var length = Encoding.UTF8.GetChars(utf8, chars);
        return byChars.TryGetValue(chars[..length], out var pooled) ? pooled : Add(new string(chars[..length]));
    }

    /// <summary>Pools a string that was not found (unless the pool is full); another thread may have added it meanwhile.</summary>
    private string Add(string value)
    {
        if (Volatile.Read(ref count) >= capacity)
        {
            return value;
        }

        var pooled = strings.GetOrAdd(value, value);
        if (ReferenceEquals(pooled, value))
        {
            Interlocked.Increment(ref count);
        }

        return pooled;
    }
}
