using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Bench;

/// <summary>The behaviour the customer benchmarks send (memory, ingestion, activation): items from 1,000 in 50
/// categories and 20 brands; 60% views, 20% clicks, 10% cart adds, 10% searches, 30 s apart over the last hours.</summary>
internal static class EventMix
{
    public static BehaviourEvent[] Events(int seed, int count)
    {
        var random = new Random(seed);
        var start = DateTimeOffset.UtcNow.AddHours(-2);
        var events = new BehaviourEvent[count];
        for (var i = 0; i < count; i++)
        {
            var item = random.Next(1_000);
            string[] categories = [$"category-{item % 50}"];
            var brand = $"brand-{item % 20}";
            var at = start.AddSeconds(i * 30);
            events[i] = random.Next(10) switch
            {
                < 6 => new BehaviourEvent(EventType.View, at, $"item-{item}", categories, brand),
                < 8 => new BehaviourEvent(EventType.Click, at, $"item-{item}", categories, brand),
                8 => new BehaviourEvent(EventType.AddToCart, at, $"item-{item}", categories, brand, 19.99m),
                _ => new BehaviourEvent(EventType.Search, at, Categories: categories, Query: $"query {item % 100}"),
            };
        }

        return events;
    }
}
