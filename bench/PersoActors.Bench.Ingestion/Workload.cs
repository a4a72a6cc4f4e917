using PersoActors.Grains.Interfaces.Customers;
using Orleans;

namespace PersoActors.Bench.Ingestion;

/// <summary>Customers with analytics and personalization consent and a full ring of 100 events, and batches of
/// <see cref="EventMix"/>.</summary>
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
        Enumerable.Range(0, 64).Select(b => EventMix.Events(b * 7919 + size, size)).ToArray();

    /// <summary>The size of one typical event as the journal stores it.</summary>
    public static int EncodedEventBytes() =>
        EventJournal.Encode(EventMix.Events(1, 100)).Length / 100;
}
