using PersoActors.Grains.Customers;
using PersoActors.Grains.Interfaces.Customers;
using static PersoActors.Grains.Tests.Customers.Events;

namespace PersoActors.Grains.Tests.Customers;

public sealed class ProfileMergerTests
{
    private static readonly CustomerProfileOptions Options = new();

    [Fact]
    public void Explicit_choices_of_the_known_profile_win_and_gaps_are_filled_from_the_anonymous_one()
    {
        var known = new CustomerProfile(Options);
        known.ChangeConsents(Deny(ConsentPurpose.Marketing), T0);
        known.ReplacePreferences(new Preferences { Language = "pl", ExcludedCategories = ["toys"], Custom = new Dictionary<string, string> { ["size"] = "42" } }, T0);
        var anonymous = new CustomerProfile(Options);
        anonymous.ChangeConsents(Grant(ConsentPurpose.Marketing, ConsentPurpose.ThirdParty), T0);
        anonymous.ReplacePreferences(new Preferences
        {
            Language = "en",
            Currency = "EUR",
            FavouriteCategories = ["toys", "books"],
            Custom = new Dictionary<string, string> { ["size"] = "40", ["theme"] = "dark" },
        }, T0);

        var (merged, result) = ProfileMerger.Merge(known.ToSnapshot("known", T0), anonymous.ToSnapshot("anon", T0), Options, T0);
        var profile = CustomerProfile.FromSnapshot(merged, Options);

        Assert.Equal(ConsentStatus.Denied, profile.ConsentOf(ConsentPurpose.Marketing));
        Assert.Equal(ConsentStatus.Granted, profile.ConsentOf(ConsentPurpose.ThirdParty));
        Assert.Equal([ConsentPurpose.ThirdParty], result.ConsentsAdopted);
        Assert.Equal("pl", profile.Preferences.Language);
        Assert.Equal("EUR", profile.Preferences.Currency);
        Assert.Equal(["books"], profile.Preferences.FavouriteCategories);
        Assert.Equal(["toys"], profile.Preferences.ExcludedCategories);
        Assert.Equal(new Dictionary<string, string> { ["size"] = "42", ["theme"] = "dark" }, profile.Preferences.Custom);
        Assert.Equal(["anon"], profile.Aliases);
    }

    [Fact]
    public void Behaviour_is_merged_by_time_when_the_merged_profile_has_analytics_consent()
    {
        var known = ConsentingProfile();
        known.Track([View("k1", minutes: 1), Purchase("k9", 10m, minutes: 3)]);
        var anonymous = ConsentingProfile();
        anonymous.Track([View("a1", minutes: 2), AddToCart("a2", 5m, minutes: 4), Purchase("a9", 20m, minutes: 0)]);

        var (merged, result) = ProfileMerger.Merge(known.ToSnapshot("known", T0), anonymous.ToSnapshot("anon", T0), Options, T0);
        var profile = CustomerProfile.FromSnapshot(merged, Options);

        Assert.Equal(3, result.EventsMerged);
        Assert.Equal(["a9", "k1", "a1", "k9", "a2"], profile.RecentEvents.Select(e => e.ItemId));
        Assert.Equal(5, profile.EventCount);
        Assert.Equal(2, profile.Purchases(T0).OrderCount);
        Assert.Equal(30m, profile.Purchases(T0).TotalSpend);
        Assert.Equal(T0, profile.FirstSeen);
        Assert.Equal(["a2"], profile.Cart(T0).Lines.Select(l => l.ItemId));
        var later = T0.AddDays(1);
        Assert.Equal(known.CategoryAffinity("shoes", later) + anonymous.CategoryAffinity("shoes", later), profile.CategoryAffinity("shoes", later), 4);
    }

    [Fact]
    public void Anonymous_behaviour_is_discarded_when_the_known_profile_refused_analytics()
    {
        var known = new CustomerProfile(Options);
        known.ChangeConsents(Deny(ConsentPurpose.Analytics), T0);
        var anonymous = ConsentingProfile();
        anonymous.Track([View("a1")]);

        var (merged, result) = ProfileMerger.Merge(known.ToSnapshot("known", T0), anonymous.ToSnapshot("anon", T0), Options, T0);

        Assert.Equal(0, result.EventsMerged);
        Assert.Empty(merged.Events);
        Assert.Empty(merged.CategoryAffinities);
        Assert.Equal(ConsentStatus.Denied, merged.Consents.Single(c => c.Purpose == ConsentPurpose.Analytics).Status);
    }

    [Fact]
    public void The_more_recent_context_wins()
    {
        var known = new CustomerProfile(Options);
        known.SetContext(new CustomerContext(Device: "desktop", SessionId: "old"), T0);
        var anonymous = new CustomerProfile(Options);
        anonymous.SetContext(new CustomerContext(Device: "mobile", SessionId: "live"), T0.AddHours(1));

        var (merged, _) = ProfileMerger.Merge(known.ToSnapshot("known", T0), anonymous.ToSnapshot("anon", T0), Options, T0);

        Assert.Equal("mobile", merged.Context!.Device);
        Assert.Equal("live", merged.Session!.Id);
    }
}
