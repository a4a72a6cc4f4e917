using PersoActors.Grains.Customers;
using PersoActors.Grains.Interfaces.Customers;
using static PersoActors.Grains.Tests.Customers.Events;

namespace PersoActors.Grains.Tests.Customers;

public sealed class ProfileTests
{
    [Fact]
    public void The_ring_keeps_the_newest_events_in_order()
    {
        var profile = ConsentingProfile(new CustomerProfileOptions { RecentEventLimit = 3 });

        profile.Track([.. Enumerable.Range(1, 5).Select(i => View($"sku-{i}", minutes: i))]);

        Assert.Equal(["sku-3", "sku-4", "sku-5"], profile.RecentEvents.Select(e => e.ItemId));
        Assert.Equal(5, profile.EventCount);
        Assert.Equal(T0.AddMinutes(1), profile.FirstSeen);
        Assert.Equal(T0.AddMinutes(5), profile.LastSeen);
    }

    [Fact]
    public void Recent_item_ids_are_distinct_newest_first_and_filtered_by_type()
    {
        var profile = ConsentingProfile();
        profile.Track([View("a"), View("b", minutes: 1), AddToCart("c", 1m, minutes: 2), View("a", minutes: 3)]);

        Assert.Equal(["a", "b"], profile.RecentItemIds(10, EventType.View));
        Assert.Equal(["a", "c", "b"], profile.RecentItemIds(10));
        Assert.Equal(["a"], profile.RecentItemIds(1));
    }

    [Fact]
    public void Views_of_the_same_item_share_one_subject_across_customers()
    {
        var first = ConsentingProfile();
        var second = ConsentingProfile();
        first.Track([View("shared-sku")]);
        second.Track([new BehaviourEvent(EventType.View, T0, new string("shared-sku".AsSpan()), [new string("shoes".AsSpan())], "acme")]);

        Assert.Same(first.RecentEvents[0].Subject, second.RecentEvents[0].Subject);
    }

    [Fact]
    public void A_snapshot_restores_every_stored_field()
    {
        var options = new CustomerProfileOptions();
        var profile = ConsentingProfile(options);
        profile.ReplacePreferences(new Preferences { FavouriteCategories = ["shoes"], Language = "pl-PL", Custom = new Dictionary<string, string> { ["size"] = "42" } }, T0);
        profile.SetContext(new CustomerContext(Device: "mobile", Country: "PL", SessionId: "s-1"), T0);
        profile.Track([View("sku-1"), AddToCart("sku-1", 12.5m, 2), Purchase("sku-9", 99.99m, "o-1"),
            new BehaviourEvent(EventType.Search, T0, Query: "red shoes"), new BehaviourEvent(EventType.Custom, T0, Name: "quiz_done")]);
        profile.AddAlias("anon-1");
        profile.ChangeConsents(Deny(ConsentPurpose.Personalization), T0);

        var snapshot = profile.ToSnapshot("c-1", T0);
        var restored = CustomerProfile.FromSnapshot(snapshot, options).ToSnapshot("c-1", T0);

        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(snapshot), System.Text.Json.JsonSerializer.Serialize(restored));
    }

    [Fact]
    public void A_stored_snapshot_encodes_its_events_byte_for_byte_as_the_journal_encodes_the_same_events()
    {
        var profile = ConsentingProfile();
        profile.Track([View("sku-1"), AddToCart("sku-1", 12.5m, 2), Purchase("sku-9", 99.99m, "o-1"),
            new BehaviourEvent(EventType.Search, T0, Query: "red shoes"), new BehaviourEvent(EventType.Custom, T0.AddSeconds(1), Name: "quiz_done", Value: 0m),
            new BehaviourEvent(EventType.View, T0.AddDays(400), "sku-2", ["shoes", "ünïcode"], "acme"), new BehaviourEvent(EventType.EmailOpen, T0)]);

        var stored = Assert.IsType<EncodedEvents>(profile.ToStoredSnapshot("c-1", T0, encodeEvents: true).Events);

        Assert.Equal(EventJournal.Encode(profile.ToSnapshot("c-1", T0).Events), stored.Entry);
        Assert.Equal(7, stored.Count);
    }

    [Fact]
    public void Preferences_that_break_a_rule_are_refused_and_nothing_changes()
    {
        var profile = new CustomerProfile(new CustomerProfileOptions());
        profile.ReplacePreferences(new Preferences { Language = "pl" }, T0);

        var error = Assert.Throws<ProfileValidationException>(() =>
            profile.PatchPreferences(new PreferencesPatch { FavouriteCategories = ["shoes"], ExcludedCategories = ["shoes"] }, T0));

        Assert.Equal("excludedCategories", error.Field);
        Assert.Empty(profile.Preferences.FavouriteCategories);
        Assert.Equal("pl", profile.Preferences.Language);
    }

    [Fact]
    public void A_patch_changes_only_what_it_names_and_empty_clears()
    {
        var profile = new CustomerProfile(new CustomerProfileOptions());
        profile.ReplacePreferences(new Preferences { Language = "pl", Currency = "PLN", ContentFilters = ["vegan"], Custom = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" } }, T0);

        var result = profile.PatchPreferences(new PreferencesPatch { Currency = "", ContentFilters = ["vegan", "organic"], Custom = new Dictionary<string, string?> { ["a"] = null, ["c"] = "3" } }, T0);

        Assert.Equal("pl", result.Language);
        Assert.Null(result.Currency);
        Assert.Equal(["vegan", "organic"], result.ContentFilters);
        Assert.Equal(new Dictionary<string, string> { ["b"] = "2", ["c"] = "3" }, result.Custom);
    }

    [Fact]
    public void A_new_session_id_starts_a_new_session_and_views_count_pages()
    {
        var profile = ConsentingProfile();
        profile.SetContext(new CustomerContext(SessionId: "s-1"), T0);
        profile.Track([View("a"), View("b")]);
        Assert.Equal(2, profile.Session!.PageCount);

        profile.SetContext(new CustomerContext(SessionId: "s-2"), T0.AddHours(1));

        Assert.Equal(new SessionInfo("s-2", T0.AddHours(1), 0, T0.AddHours(1)), profile.Session);
    }
}
