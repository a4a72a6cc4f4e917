using PersoActors.Grains.Customers;
using PersoActors.Grains.Interfaces.Customers;
using static PersoActors.Grains.Tests.Customers.Events;

namespace PersoActors.Grains.Tests.Customers;

public sealed class ConsentTests
{
    [Fact]
    public void Without_analytics_consent_events_are_dropped_and_the_reason_given()
    {
        var profile = new CustomerProfile(new CustomerProfileOptions());

        var result = profile.Track([View("sku-1"), View("sku-2")]);

        Assert.Equal(new TrackEventsResult(0, 2, CustomerProfile.NoAnalyticsConsent), result);
        Assert.Empty(profile.RecentEvents);
        Assert.Null(profile.FirstSeen);
    }

    [Fact]
    public void Unknown_consent_is_not_granted()
    {
        var profile = new CustomerProfile(new CustomerProfileOptions());

        Assert.Equal(ConsentStatus.Unknown, profile.ConsentOf(ConsentPurpose.Marketing));
        Assert.False(profile.HasConsent(ConsentPurpose.Marketing));
    }

    [Fact]
    public void Revoking_analytics_consent_purges_behaviour_and_everything_derived_from_it()
    {
        var profile = ConsentingProfile();
        profile.SetContext(new CustomerContext(Device: "mobile", SessionId: "s-1"), T0);
        profile.Track([View("sku-1"), AddToCart("sku-1", 10m), Purchase("sku-1", 10m)]);

        var purges = profile.ChangeConsents(Deny(ConsentPurpose.Analytics), T0.AddHours(1));

        Assert.Equal([new PurgeRecord(T0.AddHours(1), ConsentPurpose.Analytics, "behaviour", 3)], purges);
        Assert.Equal(ConsentStatus.Revoked, profile.ConsentOf(ConsentPurpose.Analytics));
        Assert.Empty(profile.RecentEvents);
        Assert.Equal(0, profile.EventCount);
        Assert.Empty(profile.CategoryAffinities(T0));
        Assert.Empty(profile.BrandAffinities(T0));
        Assert.Empty(profile.Cart(T0).Lines);
        Assert.Equal(0, profile.Purchases(T0).OrderCount);
        Assert.Empty(profile.PurchasedItemIds);
        Assert.Null(profile.FirstSeen);
        Assert.Null(profile.LastSeen);
        Assert.Equal(0, profile.Session!.PageCount);
        Assert.Equal("mobile", profile.Context!.Device);
        Assert.Equal(purges, profile.Purges);
    }

    [Fact]
    public void Revoking_personalization_purges_the_inferred_affinities_only()
    {
        var profile = ConsentingProfile();
        profile.Track([View("sku-1")]);

        var purges = profile.ChangeConsents(Deny(ConsentPurpose.Personalization), T0);
        profile.Track([View("sku-2")]);

        Assert.Equal("affinities", Assert.Single(purges).Purged);
        Assert.Empty(profile.CategoryAffinities(T0));
        Assert.Equal(2, profile.RecentEvents.Count);
    }

    [Fact]
    public void Replacing_all_consents_revokes_a_grant_that_is_left_out()
    {
        var profile = ConsentingProfile();
        profile.Track([View("sku-1")]);

        profile.ChangeConsents(new ConsentChange([new ConsentDecision(ConsentPurpose.Marketing, true)], "banner", ReplaceAll: true), T0);

        Assert.Equal(ConsentStatus.Revoked, profile.ConsentOf(ConsentPurpose.Analytics));
        Assert.Equal(ConsentStatus.Granted, profile.ConsentOf(ConsentPurpose.Marketing));
        Assert.Equal(ConsentStatus.Unknown, profile.ConsentOf(ConsentPurpose.ThirdParty));
        Assert.Empty(profile.RecentEvents);
    }

    [Fact]
    public void Denying_a_consent_never_granted_is_a_denial_and_purges_nothing()
    {
        var profile = new CustomerProfile(new CustomerProfileOptions());

        var purges = profile.ChangeConsents(Deny(ConsentPurpose.Analytics), T0);

        Assert.Empty(purges);
        Assert.Equal(ConsentStatus.Denied, profile.ConsentOf(ConsentPurpose.Analytics));
        var record = profile.Consents().Single(c => c.Purpose == ConsentPurpose.Analytics);
        Assert.Equal(("test", T0), (record.Source, record.UpdatedAt!.Value));
    }
}
