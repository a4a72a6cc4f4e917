using PersoActors.Grains.Customers;
using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Bench.Memory;

/// <summary>GC heap bytes of one <see cref="CustomerProfile"/> holding the bench's events, built without any runtime:
/// what the profile itself costs, apart from the grain around it and the Orleans activation.</summary>
public static class ProfileFootprint
{
    public static double BytesPerProfile(int count, int events)
    {
        // The shared pools (item ids, categories, subjects) are paid once per process, not per profile.
        Build(2_000, events, "warmup");
        return Build(count, events, "measured");
    }

    private static double Build(int count, int events, string seedOffset)
    {
        var offset = seedOffset.Length * 1_000_000;
        var options = new CustomerProfileOptions();
        var consents = new ConsentChange(
            [new ConsentDecision(ConsentPurpose.Analytics, true), new ConsentDecision(ConsentPurpose.Personalization, true)], "bench", ReplaceAll: false);
        var batches = Enumerable.Range(0, count).Select(i => EventMix.Events(offset + i, events)).ToArray();
        var profiles = new CustomerProfile[count];
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < count; i++)
        {
            profiles[i] = new CustomerProfile(options);
            profiles[i].ChangeConsents(consents, DateTimeOffset.UtcNow);
            profiles[i].Track(batches[i]);
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(profiles);
        GC.KeepAlive(batches);
        return (after - before - (24 + 8.0 * count)) / count;
    }
}
