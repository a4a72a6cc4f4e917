namespace PersoActors.Grains.Customers;

/// <summary>The values of an <see cref="EventSubject"/> as an event brings them, before anything is interned or
/// allocated: the pool is searched with this, so an event whose subject is already pooled costs one lookup.</summary>
internal readonly struct EventSubjectKey(string? itemId, IReadOnlyList<string>? categories, string? brand, string? detail, int valueCents, ushort quantity)
{
    public string? ItemId { get; } = itemId;

    public IReadOnlyList<string>? Categories { get; } = categories;

    public string? Brand { get; } = brand;

    public string? Detail { get; } = detail;

    public int ValueCents { get; } = valueCents;

    public ushort Quantity { get; } = quantity;

    public int CategoryCount => Categories?.Count ?? 0;

    public bool IsEmpty => ItemId is null && CategoryCount == 0 && Brand is null && Detail is null && ValueCents < 0 && Quantity == 1;
}

/// <summary>Equality of pooled subjects by value, and of a pooled subject with the values of an event.</summary>
internal sealed class EventSubjectComparer : IEqualityComparer<EventSubject>, IAlternateEqualityComparer<EventSubjectKey, EventSubject>
{
    public static EventSubjectComparer Instance { get; } = new();

    public bool Equals(EventSubject? x, EventSubject? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && Same(x.ItemId, x.Brand, x.Detail, x.ValueCents, x.Quantity, y) && Same(x.Categories, y));

    public int GetHashCode(EventSubject subject) => Hash(subject.ItemId, subject.Brand, subject.Detail, subject.ValueCents, subject.Quantity, subject.Categories);

    public bool Equals(EventSubjectKey key, EventSubject subject) =>
        Same(key.ItemId, key.Brand, key.Detail, key.ValueCents, key.Quantity, subject) && Same(key.Categories, subject);

    public int GetHashCode(EventSubjectKey key) => Hash(key.ItemId, key.Brand, key.Detail, key.ValueCents, key.Quantity, key.Categories);

    public EventSubject Create(EventSubjectKey key) => EventSubject.Interned(key);

    private static bool Same(string? itemId, string? brand, string? detail, int valueCents, ushort quantity, EventSubject subject) =>
        valueCents == subject.ValueCents && quantity == subject.Quantity &&
        string.Equals(itemId, subject.ItemId, StringComparison.Ordinal) &&
        string.Equals(brand, subject.Brand, StringComparison.Ordinal) &&
        string.Equals(detail, subject.Detail, StringComparison.Ordinal);

    // By index: an enumerator through IReadOnlyList would be allocated for every event.
    private static bool Same(IReadOnlyList<string>? categories, EventSubject subject)
    {
        var count = categories?.Count ?? 0;
        if (count != subject.Categories.Count)
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            if (!string.Equals(categories![i], subject.Categories[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static int Hash(string? itemId, string? brand, string? detail, int valueCents, ushort quantity, IReadOnlyList<string>? categories)
    {
        var hash = new HashCode();
        hash.Add(itemId, StringComparer.Ordinal);
        hash.Add(brand, StringComparer.Ordinal);
        hash.Add(detail, StringComparer.Ordinal);
        hash.Add(valueCents);
        hash.Add(quantity);
        for (var i = 0; i < (categories?.Count ?? 0); i++)
        {
            hash.Add(categories![i], StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }
}
