using System.Runtime.InteropServices;
using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Grains.Customers;

/// <summary>One event in the recent-events ring: 16 bytes. Everything but the time and type lives in
/// a pooled <see cref="EventSubject"/> (item, categories, brand, value, quantity...), shared by every
/// customer who did the same thing with the same item.</summary>
[StructLayout(LayoutKind.Auto)]
public readonly record struct RecordedEvent(EventSubject? Subject, uint Time, EventType Type)
{
    public long Timestamp => CompactTime.ToUnix(Time);

    public string? ItemId => Subject?.ItemId;

    public int ValueCents => Subject?.ValueCents ?? -1;

    public decimal? Value => Money.FromCents(ValueCents);

    public ushort Quantity => Subject?.Quantity ?? 1;

    public static RecordedEvent From(BehaviourEvent e) =>
        Of(e.Type, e.Timestamp.ToUnixTimeSeconds(), e.ItemId, e.Categories, e.Brand, e.Value, e.Quantity, e.Query, e.Name, e.OrderId);

    /// <summary>The ring's form of an event given by its fields (what <see cref="From"/> does for an event object; a
    /// journal replays its entries through this without building one).</summary>
    public static RecordedEvent Of(EventType type, long unixSeconds, string? itemId, IReadOnlyList<string>? categories, string? brand,
        decimal? value, int? quantity, string? query, string? name, string? orderId)
    {
        var detail = type switch
        {
            EventType.Search => query,
            EventType.Custom => name,
            EventType.Purchase => orderId,
            _ => null,
        };

        // Order ids are unique per purchase: pooling them would only fill the pool.
        var subject = EventSubject.Of(itemId, categories, brand, detail, Money.ToCents(value),
            (ushort)Math.Clamp(quantity ?? 1, 1, ushort.MaxValue), share: !(type == EventType.Purchase && detail is not null));
        return new RecordedEvent(subject, CompactTime.FromUnix(unixSeconds), type);
    }

    /// <summary>The order id of a purchase (kept as its subject's detail).</summary>
    public string? OrderId => Type == EventType.Purchase ? Subject?.Detail : null;

    private string? Query => Type == EventType.Search ? Subject?.Detail : null;

    private string? Name => Type == EventType.Custom ? Subject?.Detail : null;

    /// <summary>The quantity as events carry it: none for the usual one.</summary>
    private int? StatedQuantity => Quantity == 1 ? null : Quantity;

    public BehaviourEvent ToEvent() => new(
        Type,
        DateTimeOffset.FromUnixTimeSeconds(Timestamp),
        Subject?.ItemId,
        Subject is { Categories.Count: > 0 } s ? s.Categories : null,
        Subject?.Brand,
        Value,
        StatedQuantity,
        Query,
        Name,
        OrderId);

    /// <summary>Adds this event to a journal entry with the fields <see cref="ToEvent"/> gives, without building it.</summary>
    internal void WriteTo(EventJournal.EntryWriter entry) =>
        entry.Add(Type, Timestamp, Subject?.ItemId, Subject?.Categories, Subject?.Brand, Value, StatedQuantity, Query, Name, OrderId, decisionId: null);
}

/// <summary>Time as unsigned seconds since 2000-01-01 UTC: 4 bytes, good until 2136.</summary>
public static class CompactTime
{
    private const long Epoch = 946_684_800;

    public static uint FromUnix(long unixSeconds) => (uint)Math.Clamp(unixSeconds - Epoch, 0, uint.MaxValue);

    public static long ToUnix(uint time) => Epoch + time;
}

/// <summary>Money as whole cents, so sums are exact and structs stay small.</summary>
public static class Money
{
    public static int ToCents(decimal? value) =>
        value is { } v ? (int)Math.Clamp(Math.Round(v * 100m, MidpointRounding.AwayFromZero), 0m, int.MaxValue) : -1;

    public static decimal? FromCents(int cents) => cents < 0 ? null : cents / 100m;
}
