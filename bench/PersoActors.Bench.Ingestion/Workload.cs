using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Runtime;

namespace PersoActors.Bench.Ingestion;

/// <summary>Customers with analytics and personalization consent and a full ring of 100 events, and batches of the
/// event mix of the memory benchmark (1,000 items in 50 categories and 20 brands).</summary>
internal static class Workload
{
    public static string Id(long i) => $"c-{i}";

    public static async Task PrepareAsync(IGrainFactory grains, int customers)
    {
        var consents = new ConsentChange(
            [new ConsentDecision(ConsentPurpose.Analytics, true), new ConsentDecision(ConsentPurpose.Personalization, true)], "bench", ReplaceAll: false);
        var history = Batches(100);
        await Parallel.ForAsync(0, customers, new ParallelOptions { MaxDegreeOfParallelism = 256 }, async (i, _) =>
        {
            var grain = grains.GetGrain<ICustomerGrain>(Id(i));
            await grain.ChangeConsentsAsync(consents);
            await grain.TrackEventsAsync(history[i % history.Length]);
        });
    }

    /// <summary>64 different batches of <paramref name="size"/> events.</summary>
    public static BehaviourEvent[][] Batches(int size) =>
        Enumerable.Range(0, 64).Select(b => Events(b * 7919 + size, size)).ToArray();

    /// <summary>The size of one typical event as the journal stores it.</summary>
    public static int EncodedEventBytes() =>
        PersoActors.Grains.Customers.EventJournal.Encode(Events(1, 100)).Length / 100;

    private static BehaviourEvent[] Events(int seed, int count)
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
