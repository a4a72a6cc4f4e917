using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Runtime;

namespace PersoActors.Bench.Memory;

/// <summary>Activates customers through the grain interface: consents, then one batch of events each
/// (the mix of MemoryFootprintTests: 1,000 items in 50 categories and 20 brands).</summary>
public static class Workload
{
    private static long _done;

    public static long Done => Interlocked.Read(ref _done);

    public static async Task ActivateAsync(IGrainFactory grains, string prefix, int count, int events)
    {
        var consents = new ConsentChange(
            [new ConsentDecision(ConsentPurpose.Analytics, true), new ConsentDecision(ConsentPurpose.Personalization, true)], "bench", ReplaceAll: false);
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount * 4 }, async (i, _) =>
        {
            var grain = grains.GetGrain<ICustomerGrain>($"{prefix}-{i}");
            await grain.ChangeConsentsAsync(consents);
            await grain.TrackEventsAsync(Behaviour(i, events));
            Interlocked.Increment(ref _done);
        });
    }

    private static BehaviourEvent[] Behaviour(int seed, int count)
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
