using PersoActors.Grains.Customers;
using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Grains.Tests.Customers;

/// <summary>The recent-events ring packs each event in 8 bytes: pooled subjects by number, unpooled ones (purchases
/// with their order id) in a side list whose places are reused as the ring wraps.</summary>
public sealed class BehaviourRingTests
{
    [Fact]
    public void Events_come_back_exactly_as_recorded_oldest_first()
    {
        var ring = new BehaviourRing(10);
        BehaviourEvent[] recorded =
        [
            Events.View("ring-item-1", brand: "ring-brand", minutes: 1),
            new(EventType.Search, Events.T0.AddMinutes(2), Query: "red shoes"),
            new(EventType.EmailOpen, Events.T0.AddMinutes(3)),
            Events.AddToCart("ring-item-2", 12.5m, quantity: 3, minutes: 4),
            Events.Purchase("ring-item-2", 37.5m, orderId: "ring-order-1", minutes: 5),
            new(EventType.Custom, Events.T0.AddMinutes(6), Name: "wishlist"),
        ];

        foreach (var e in recorded)
        {
            ring.Add(RecordedEvent.From(e));
        }

        Assert.Equal(recorded, ring.Select(e => e.ToEvent()), new BehaviourEventComparer());
    }

    [Fact]
    public void Unpooled_subjects_survive_wrapping_and_their_places_are_reused()
    {
        var ring = new BehaviourRing(3);
        for (var i = 0; i < 50; i++)
        {
            ring.Add(RecordedEvent.From(i % 2 == 0
                ? Events.Purchase($"wrap-item-{i % 4}", 10m + i, orderId: $"wrap-order-{i}", minutes: i)
                : Events.View($"wrap-item-{i % 4}", minutes: i)));
        }

        Assert.Equal([47, 48, 49], ring.Select(e => (int)(e.Timestamp - Events.T0.ToUnixTimeSeconds()) / 60));
        Assert.Equal([null, "wrap-order-48", null], ring.Select(e => e.ToEvent().OrderId));
        Assert.Equal([EventType.View, EventType.Purchase, EventType.View], ring.Select(e => e.Type));
        Assert.Equal(58m, ring[1].Value);
    }

    [Fact]
    public void Clearing_forgets_every_event_and_the_ring_fills_again()
    {
        var ring = new BehaviourRing(2);
        ring.Add(RecordedEvent.From(Events.Purchase("clear-item", 5m, orderId: "clear-order-1")));
        ring.Clear();
        ring.Add(RecordedEvent.From(Events.Purchase("clear-item", 6m, orderId: "clear-order-2")));

        var only = Assert.Single(ring);
        Assert.Equal("clear-order-2", only.ToEvent().OrderId);
    }

    private sealed class BehaviourEventComparer : IEqualityComparer<BehaviourEvent>
    {
        public bool Equals(BehaviourEvent? x, BehaviourEvent? y) =>
            x is not null && y is not null && x.Type == y.Type && x.Timestamp == y.Timestamp && x.ItemId == y.ItemId
            && (x.Categories ?? []).SequenceEqual(y.Categories ?? []) && x.Brand == y.Brand && x.Value == y.Value
            && (x.Quantity ?? 1) == (y.Quantity ?? 1) && x.Query == y.Query && x.Name == y.Name && x.OrderId == y.OrderId;

        public int GetHashCode(BehaviourEvent obj) => obj.Type.GetHashCode();
    }
}
