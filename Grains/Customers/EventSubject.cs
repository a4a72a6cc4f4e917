using System.Collections.Concurrent;

namespace PersoActors.Grains.Customers;

/// <summary>What an event was about: item, categories, brand, value, quantity, and the search text
/// or custom event name or order id. Immutable and pooled per process, so the recent-events ring of every customer
/// who viewed the same item points to one shared instance.</summary>
public sealed class EventSubject : IEquatable<EventSubject>
{
    private static readonly ConcurrentDictionary<EventSubject, EventSubject> Pool = new();
    private static readonly Lock Gate = new();
    private static int pooled;
    private readonly string[] categories;

    private EventSubject(string? itemId, string[] categories, string? brand, string? detail, int valueCents, ushort quantity)
    {
        ValueCents = valueCents;
        Quantity = quantity;
        ItemId = itemId;
        this.categories = categories;
        Brand = brand;
        Detail = detail;
    }

    /// <summary>Subjects kept in the pool at most; past that they are allocated per event.</summary>
    public static int PoolCapacity { get; set; } = 2_000_000;

    /// <summary>This subject's number in <see cref="SubjectTable"/> (0: not pooled), what the recent-events ring stores.</summary>
    public int Id { get; private set; }

    public string? ItemId { get; }

    public IReadOnlyList<string> Categories => categories;

    public string? Brand { get; }

    /// <summary>Money in cents (-1: none): unit price for cart events, amount paid for purchases.</summary>
    public int ValueCents { get; }

    public ushort Quantity { get; }

    /// <summary>Search text (search), event name (custom) or order id (purchase).</summary>
    public string? Detail { get; }

    /// <summary>The pooled subject for these values, or null when they are all empty.</summary>
    public static EventSubject? Of(
        string? itemId, IReadOnlyList<string>? categories, string? brand, string? detail, int valueCents = -1, ushort quantity = 1, bool share = true)
    {
        if (itemId is null && (categories is null || categories.Count == 0) && brand is null && detail is null && valueCents < 0 && quantity == 1)
        {
            return null;
        }

        var strings = StringPool.Shared;
        var interned = categories is null || categories.Count == 0 ? [] : new string[categories.Count];
        for (var i = 0; i < interned.Length; i++)
        {
            interned[i] = strings.Intern(categories![i]);
        }

        var candidate = new EventSubject(strings.Intern(itemId), interned, strings.Intern(brand), detail, valueCents, quantity);
        if (!share)
        {
            return candidate;
        }

        if (Pool.TryGetValue(candidate, out var existing))
        {
            return existing;
        }

        if (Volatile.Read(ref pooled) >= PoolCapacity)
        {
            return candidate;
        }

        // Numbered before it is published, so whoever finds it in the pool finds it with its id. Only misses take the lock.
        lock (Gate)
        {
            if (Pool.TryGetValue(candidate, out existing))
            {
                return existing;
            }

            if (SubjectTable.Add(candidate) is not (> 0 and var id))
            {
                return candidate;
            }

            candidate.Id = id;
            Pool[candidate] = candidate;
            pooled++;
            return candidate;
        }
    }

    public bool Equals(EventSubject? other) =>
        other is not null &&
        ValueCents == other.ValueCents &&
        Quantity == other.Quantity &&
        string.Equals(ItemId, other.ItemId, StringComparison.Ordinal) &&
        string.Equals(Brand, other.Brand, StringComparison.Ordinal) &&
        string.Equals(Detail, other.Detail, StringComparison.Ordinal) &&
        categories.AsSpan().SequenceEqual(other.categories);

    public override bool Equals(object? obj) => Equals(obj as EventSubject);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(ItemId, StringComparer.Ordinal);
        hash.Add(Brand, StringComparer.Ordinal);
        hash.Add(Detail, StringComparer.Ordinal);
        hash.Add(ValueCents);
        hash.Add(Quantity);
        // The array, not the interface: hashing and comparing run for every pooled event, and an enumerator through
        // IReadOnlyList would be allocated each time.
        foreach (var category in categories)
        {
            hash.Add(category, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }
}
