using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Tests.Decisions;

public sealed class OfferTests
{
    private static readonly DateTimeOffset Now = SyntheticWorld.Now;
    private static readonly DecisionEngine Engine = new(new DecisionOptions(), TimeProvider.System);

    private static readonly DecisionSnapshot Snapshot = DecisionSnapshot.Create(CatalogSnapshot.Empty, config: CompiledDecisionConfig.Compile(new DecisionConfig(
        1,
        DefaultSegments.All,
        [
            new OfferDefinition("cart_reminder", "Your cart misses you", ["email", "web"], Segments: ["cart_abandoner"], Priority: 10, DailyCap: 2),
            new OfferDefinition("welcome", "10% off your first order", ["web"], Segments: ["new_visitor"], Priority: 5, DailyCap: 1),
            new OfferDefinition("order_status", "Track your order", ["web"], Priority: 1, DailyCap: null, RequiresMarketingConsent: false),
        ],
        [],
        [])));

    private static DecisionProfile Abandoner(bool marketing = true, params string[] channels) => new(
        "c1", PersonalizationConsent: true, MarketingConsent: marketing, AcceptedChannels: channels,
        Facts: new CustomerFacts(EventCount: 40, OrderCount: 1, TotalSpend: 20, CartItemIds: ["a", "b"], CartValue: 80, CartUpdatedAt: Now.AddHours(-2)));

    private static OffersResponse Offers(DecisionProfile profile, string channel, ref CustomerDecisionState state, DateTimeOffset? now = null, int max = 1)
    {
        var result = Engine.Offers(profile, new OffersRequest(new DecisionContext(Channel: channel), max, Explain: true), state, Snapshot, now ?? Now);
        state = result.State;
        return result.Response;
    }

    [Fact]
    public void Cart_abandoner_with_marketing_consent_on_an_accepted_channel_gets_the_reminder()
    {
        var state = CustomerDecisionState.Empty;

        var response = Offers(Abandoner(true, "email"), "email", ref state);

        Assert.Equal("cart_reminder", Assert.Single(response.Offers).OfferId);
        Assert.Equal("segment cart_abandoner", response.Offers[0].Reason);
        Assert.Contains("cart_abandoner", response.Segments);
    }

    [Fact]
    public void Without_marketing_consent_only_service_messages_are_offered()
    {
        var state = CustomerDecisionState.Empty;

        var response = Offers(Abandoner(false, "email", "web"), "web", ref state);

        Assert.Equal("order_status", Assert.Single(response.Offers).OfferId);
        Assert.Contains(new OfferSkip("cart_reminder", "no_marketing_consent"), response.Skipped!);
    }

    [Fact]
    public void Channels_the_customer_did_not_accept_or_the_offer_does_not_use_are_skipped()
    {
        var state = CustomerDecisionState.Empty;

        var notAccepted = Offers(Abandoner(true, "web"), "email", ref state);
        var notOffered = Offers(Abandoner(true, "sms"), "sms", ref state);

        Assert.Empty(notAccepted.Offers);
        Assert.Contains(new OfferSkip("cart_reminder", "channel_not_accepted"), notAccepted.Skipped!);
        Assert.Contains(new OfferSkip("cart_reminder", "channel_not_offered"), notOffered.Skipped!);
    }

    [Fact]
    public void Frequency_caps_hold_per_offer_per_customer_per_day_and_reset_the_next_day()
    {
        var state = CustomerDecisionState.Empty;
        var profile = Abandoner(true, "email");

        var made = Enumerable.Range(0, 4).Select(_ => Offers(profile, "email", ref state).Offers.Count).ToList();
        var capped = Offers(profile, "email", ref state);
        var nextDay = Offers(profile, "email", ref state, Now.AddDays(1));

        Assert.Equal([1, 1, 0, 0], made);
        Assert.Contains(new OfferSkip("cart_reminder", "frequency_cap"), capped.Skipped!);
        Assert.Equal("cart_reminder", Assert.Single(nextDay.Offers).OfferId);
        Assert.Equal(new OfferCapCounter(DateOnly.FromDateTime(Now.AddDays(1).UtcDateTime), 1), state.OfferCaps!.Counters["cart_reminder"]);
    }

    [Fact]
    public void Offers_are_made_by_priority_up_to_the_maximum()
    {
        var state = CustomerDecisionState.Empty;
        var newAbandoner = Abandoner(true, "web") with { Facts = Abandoner().Facts! with { OrderCount = 0, EventCount = 3 } };

        var response = Offers(newAbandoner, "web", ref state, max: 2);

        Assert.Equal(["cart_reminder", "welcome"], response.Offers.Select(o => o.OfferId));
        Assert.Contains(new OfferSkip("order_status", "over_max"), response.Skipped!);
        Assert.False(state.OfferCaps!.Counters.ContainsKey("order_status"));
    }
}
