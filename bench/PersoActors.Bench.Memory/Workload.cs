using PersoActors.Grains.Interfaces.Customers;
using Orleans;

namespace PersoActors.Bench.Memory;

/// <summary>Activates customers through the grain interface: consents, then one batch of events each (<see cref="EventMix"/>,
/// the mix of MemoryFootprintTests).</summary>
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
            await grain.TrackEventsAsync(EventMix.Events(i, events));
            Interlocked.Increment(ref _done);
        });
    }
}
