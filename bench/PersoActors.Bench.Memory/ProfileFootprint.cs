using PersoActors.Grains.Customers;
using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Bench.Memory;

/// <summary>GC heap bytes of one <see cref="CustomerProfile"/> holding the bench's events, built without any runtime:
/// what the profile itself costs, apart from the grain around it and the Orleans activation. Also what the decision
/// view derived from it costs (<see cref="DecisionProfileBuilder"/>), which a customer grain caches after a decision.</summary>
public static class ProfileFootprint
{
    public static (double Profile, double DecisionView) BytesPerProfile(int count, int events)
    {
        // The shared pools (item ids, categories, subjects) are paid once per process, not per profile.
        Build(2_000, events, "warmup");
        return Build(count, events, "measured");
    }

    private static (double Profile, double DecisionView) Build(int count, int events, string seedOffset)
    {
        var offset = seedOffset.Length * 1_000_000;
        var options = new CustomerProfileOptions();
        var consents = new ConsentChange(
            [new ConsentDecision(ConsentPurpose.Analytics, true), new ConsentDecision(ConsentPurpose.Personalization, true)], "bench", ReplaceAll: false);
        var batches = Enumerable.Range(0, count).Select(i => EventMix.Events(offset + i, events)).ToArray();
        var profiles = new CustomerProfile[count];
        var views = new object[count];
        var ids = Enumerable.Range(0, count).Select(i => $"c-{i}").ToArray();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < count; i++)
        {
            profiles[i] = new CustomerProfile(options);
            profiles[i].ChangeConsents(consents, DateTimeOffset.UtcNow);
            profiles[i].Track(batches[i]);
        }

        var afterProfiles = GC.GetTotalMemory(forceFullCollection: true);
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < count; i++)
        {
            views[i] = DecisionProfileBuilder.Build(ids[i], profiles[i], now);
        }

        var afterViews = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(profiles);
        GC.KeepAlive(views);
        GC.KeepAlive(batches);
        return ((afterProfiles - before - (24 + 8.0 * count)) / count, (double)(afterViews - afterProfiles) / count);
    }
}
