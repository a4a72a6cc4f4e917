using System.Runtime.InteropServices;
using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Grains.Customers;

/// <summary>One event in the recent-events ring: 24 bytes plus a reference to a shared
/// <see cref="EventSubject"/>. Time is Unix seconds, money is cents (-1: no value).</summary>
[StructLayout(LayoutKind.Auto)]
public readonly record struct RecordedEvent(EventSubject? Subject, long Timestamp, int ValueCents, EventType Type, ushort Quantity)
{
    public string? ItemId => Subject?.ItemId;

    public decimal? Value => ValueCents < 0 ? null : ValueCents / 100m;

    public static RecordedEvent From(BehaviourEvent e)
    {
        var detail = e.Type switch
        {
            EventType.Search => e.Query,
            EventType.Custom => e.Name,
            EventType.Purchase => e.OrderId,
            _ => null,
        };

        // Order ids are unique per purchase: pooling them would only fill the pool.
        var subject = EventSubject.Of(e.ItemId, e.Categories, e.Brand, detail, share: !(e.Type == EventType.Purchase && detail is not null));
        return new RecordedEvent(subject, e.Timestamp.ToUnixTimeSeconds(), Money.ToCents(e.Value), e.Type, (ushort)Math.Clamp(e.Quantity ?? 1, 1, ushort.MaxValue));
    }

    public BehaviourEvent ToEvent() => new(
        Type,
        DateTimeOffset.FromUnixTimeSeconds(Timestamp),
        Subject?.ItemId,
        Subject is { Categories.Count: > 0 } s ? s.Categories : null,
        Subject?.Brand,
        Value,
        Quantity == 1 ? null : Quantity,
        Type == EventType.Search ? Subject?.Detail : null,
        Type == EventType.Custom ? Subject?.Detail : null,
        Type == EventType.Purchase ? Subject?.Detail : null);
}

/// <summary>Money as whole cents, so sums are exact and structs stay small.</summary>
public static class Money
{
    public static int ToCents(decimal? value) =>
        value is { } v ? (int)Math.Clamp(Math.Round(v * 100m, MidpointRounding.AwayFromZero), 0m, int.MaxValue) : -1;

    public static decimal? FromCents(int cents) => cents < 0 ? null : cents / 100m;
}
