using FsCheck;
using FsCheck.Fluent;
using PersoActors.Tests.Shared;
using PersoActors.Grains.Customers;
using PersoActors.Grains.Interfaces.Customers;
using static PersoActors.Grains.Tests.Customers.Events;

namespace PersoActors.Grains.Tests.Customers;

/// <summary>Random event streams (with consent changes mixed in) never break the profile's invariants.</summary>
public sealed class ProfileInvariantProperties
{
    private static readonly CustomerProfileOptions Options = new()
    {
        RecentEventLimit = 20,
        MaxCategoryAffinities = 4,
        MaxBrandAffinities = 3,
        MaxAffinityScore = 50,
        MaxCartLines = 5,
        PurchasedItemLimit = 6,
    };

    private static readonly Gen<BehaviourEvent> AnEvent =
        from type in Gen.Elements(Enum.GetValues<EventType>())
        from minutes in Gen.Choose(-60 * 24 * 30, 60 * 24 * 30)
        from item in Gen.Elements<string?>(null, "a", "b", "c", "d", "e", "f", "g")
        from category in Gen.Elements("shoes", "books", "toys", "food", "garden", "tools")
        from brand in Gen.Elements<string?>(null, "acme", "globex", "initech", "umbrella")
        from cents in Gen.Choose(0, 1_000_000)
        from quantity in Gen.Choose(1, 20)
        from order in Gen.Elements<string?>(null, "o1", "o2", "o3")
        select new BehaviourEvent(type, T0.AddMinutes(minutes), item, [category], brand, cents / 100m, quantity,
            type == EventType.Search ? "q" : null, type == EventType.Custom ? "n" : null, type == EventType.Purchase ? order : null);

    private static readonly Gen<Step> AStep = Gen.Frequency(
        (12, AnEvent.ListOf().Select(events => new Step([.. events], null))),
        (1, Gen.Elements(Enum.GetValues<ConsentPurpose>()).Zip(Gen.Elements(true, false))
            .Select(p => new Step([], new ConsentChange([new ConsentDecision(p.Item1, p.Item2)], "prop", false)))));

    [Fact]
    public void Random_event_streams_never_break_profile_invariants()
    {
        var steps = AStep.ListOf().Select(s => s.ToArray()).ToArbitrary();
        PropertyRun.Check(Prop.ForAll(steps, run =>
        {
            var profile = ConsentingProfile(Options);
            foreach (var step in run)
            {
                if (step.Consent is { } change)
                {
                    profile.ChangeConsents(change, T0);
                }
                else
                {
                    var before = profile.EventCount;
                    var result = profile.Track(step.Events);
                    Assert.Equal(step.Events.Length, result.Accepted + result.Dropped);
                    Assert.Equal(before + result.Accepted, profile.EventCount);
                }

                CheckInvariants(profile);
            }
        }), tests: 100);
    }

    private static void CheckInvariants(CustomerProfile profile)
    {
        var now = T0.AddDays(1);
        Assert.InRange(profile.RecentEvents.Count, 0, Options.RecentEventLimit);
        Assert.True(profile.EventCount >= profile.RecentEvents.Count);
        if (!profile.HasConsent(ConsentPurpose.Analytics))
        {
            Assert.Empty(profile.RecentEvents);
        }

        foreach (var (scores, max) in new[] { (profile.CategoryAffinities(now), Options.MaxCategoryAffinities), (profile.BrandAffinities(now), Options.MaxBrandAffinities) })
        {
            Assert.InRange(scores.Count, 0, max);
            Assert.All(scores, s => Assert.InRange(s.Score, 0, Options.MaxAffinityScore));
            Assert.True(scores.Zip(scores.Skip(1)).All(p => p.First.Score >= p.Second.Score));
        }

        if (!profile.HasConsent(ConsentPurpose.Personalization))
        {
            Assert.Empty(profile.CategoryAffinities(now));
        }

        var cart = profile.Cart(now);
        Assert.InRange(cart.Lines.Count, 0, Options.MaxCartLines);
        Assert.All(cart.Lines, l => Assert.InRange(l.Quantity, 1, ProfileLimits.MaxQuantity));
        Assert.True(cart.Value >= 0);
        Assert.Equal(cart.Abandoned, cart.Lines.Count > 0 && cart.AbandonedAt <= now);

        var purchases = profile.Purchases(now);
        Assert.True(purchases.OrderCount >= 0 && purchases.TotalSpend >= 0 && purchases.AverageOrderValue >= 0);
        Assert.InRange(purchases.PurchasedItemIds.Count, 0, Options.PurchasedItemLimit);
        Assert.Equal(purchases.PurchasedItemIds.Count, purchases.PurchasedItemIds.Distinct().Count());
        Assert.True(profile.FirstSeen <= profile.LastSeen || (profile.FirstSeen is null && profile.LastSeen is null));
    }

    public sealed record Step(BehaviourEvent[] Events, ConsentChange? Consent);
}
