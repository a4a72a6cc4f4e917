using System.Collections.Concurrent;
using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Grains.Customers;

/// <summary>What an event was about: item, categories, brand, value, quantity, and the search text
/// or custom event name or order id. Immutable and pooled per process, so the recent-events ring of every customer
/// who viewed the same item points to one shared instance.</summary>
public sealed class EventSubject : IEquatable<EventSubject>
{
    private static readonly ConcurrentDictionary<EventSubject, EventSubject> Pool = new(EventSubjectComparer.Instance);
    private static readonly ConcurrentDictionary<EventSubject, EventSubject>.AlternateLookup<EventSubjectKey> PoolByValues =
        Pool.GetAlternateLookup<EventSubjectKey>();

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

    /// <summary><see cref="Categories"/> for loops on the path of every event (a foreach over the list boxes an
    /// enumerator each time).</summary>
    internal ReadOnlySpan<string> CategorySpan => categories;

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
        var key = new EventSubjectKey(itemId, categories, brand, detail, valueCents, quantity);
        if (key.IsEmpty)
        {
            return null;
        }

        // Found by the event's own values: nothing interned or allocated for a subject the pool already has.
        if (share && PoolByValues.TryGetValue(key, out var existing))
        {
            return existing;
        }

        if (!share || Volatile.Read(ref pooled) >= PoolCapacity)
        {
            return Interned(key);
        }

        // Numbered before it is published, so whoever finds it in the pool finds it with its id. Only misses take the lock.
        lock (Gate)
        {
            if (PoolByValues.TryGetValue(key, out existing))
            {
                return existing;
            }

            var candidate = Interned(key);
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

    public bool Equals(EventSubject? other) => EventSubjectComparer.Instance.Equals(this, other);

    public override bool Equals(object? obj) => Equals(obj as EventSubject);

    public override int GetHashCode() => EventSubjectComparer.Instance.GetHashCode(this);

    /// <summary>A new, unpooled subject with its strings (but the detail) taken from the shared string pool.</summary>
    internal static EventSubject Interned(EventSubjectKey key)
    {
        var strings = StringPool.Shared;
        var interned = key.CategoryCount == 0 ? [] : new string[key.CategoryCount];
        for (var i = 0; i < interned.Length; i++)
        {
            interned[i] = strings.Intern(key.Categories![i]);
        }

        return new EventSubject(strings.Intern(key.ItemId), interned, strings.Intern(key.Brand), key.Detail, key.ValueCents, key.Quantity);
    }
}
