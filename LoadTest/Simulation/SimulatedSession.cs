using FeedbackType = PersoActors.Grains.Interfaces.Decisions.FeedbackType;
using PersoActors.LoadTest.Api;
using PersoActors.LoadTest.Catalog;
using PersoActors.LoadTest.Check;
using PersoActors.LoadTest.Engine;

namespace PersoActors.LoadTest.Simulation;

/// <summary>
/// One visit of one simulated customer, as a sequence of gateway calls: land with a context, answer the
/// consent banner (new users), see the home experience, browse categories they like, view items, ask for
/// recommendations and click some, add to cart, then purchase or abandon.
/// Every random draw comes from the session's own generator in the same order whatever the gateway
/// answers, so a seed reproduces the same visits (and the same events) even when endpoints are missing.
/// Not thread-safe: a session has at most one request in flight.
/// </summary>
public sealed class SimulatedSession
{
    private static readonly string[] SearchWords = ["sale", "new", "best", "gift", "cheap", "premium"];

    private readonly Random _random;
    private readonly SyntheticCatalog _catalog;
    private readonly AckLedger _ledger;
    private readonly ScenarioCounters _counters;
    private readonly TimeSpan _meanThinkTime;
    private readonly IEnumerator<GatewayCall> _script;
    private readonly bool _acceptEmail;
    private CallResult _last = CallResult.Skipped;

    public SimulatedSession(long index, string customerId, bool isNew, CustomerTraits traits, Random random,
        SyntheticCatalog catalog, AckLedger ledger, ScenarioCounters counters, TimeSpan meanThinkTime, Scenario scenario = Scenario.Visits,
        bool acceptEmail = false)
    {
        _acceptEmail = acceptEmail;
        Index = index;
        CustomerId = customerId;
        IsNew = isNew;
        Traits = traits;
        _random = random;
        _catalog = catalog;
        _ledger = ledger;
        _counters = counters;
        _meanThinkTime = meanThinkTime;
        _script = (scenario == Scenario.Visits ? Script() : SingleRequest(scenario)).GetEnumerator();
    }

    public long Index { get; }

    public string CustomerId { get; }

    public bool IsNew { get; }

    public CustomerTraits Traits { get; }

    /// <summary>The next call to make, skipping endpoints found unavailable; null when the visit is over.</summary>
    public GatewayCall? Next(EndpointAvailability availability, Action? onSkipped = null)
    {
        while (_script.MoveNext())
        {
            var call = _script.Current;
            if (!availability.IsUnavailable(call.Kind))
            {
                return call;
            }

            _last = CallResult.Skipped;
            onSkipped?.Invoke();
        }

        return null;
    }

    /// <summary>Takes the answer to the call <see cref="Next"/> returned.</summary>
    public void Complete(GatewayCall call, CallResult result)
    {
        _last = result;
        if (!result.IsSuccess)
        {
            return;
        }

        if (call.Kind == EndpointKind.TrackEvents && call.Events is { } events)
        {
            var accepted = GatewayRequests.AcceptedCount(result.Body) ?? events.Count;
            _counters.EventsAnswered(events.Count, accepted);
            if (accepted == events.Count)
            {
                _ledger.Acknowledge(CustomerId, events);
            }
            else if (accepted != 0)
            {
                _ledger.MarkUnverifiable(CustomerId);
            }
        }
        else if (call.Kind == EndpointKind.PutConsents && Traits.Consents is { Analytics: false })
        {
            _ledger.Purge(CustomerId);
        }
    }

    /// <summary>How long the user reads before the next click: exponential around the mean, capped at 5×.</summary>
    public TimeSpan NextThinkTime()
    {
        var draw = -Math.Log(1.0 - _random.NextDouble());
        return _meanThinkTime * Math.Min(draw, 5.0);
    }

    private IEnumerable<GatewayCall> Script()
    {
        var id = CustomerId;
        var context = new VisitContext(Traits.Device, Pick(["web", "web", "web", "app", "email"]), Traits.Country, Traits.Language,
            "landing", _random.NextDouble() < 0.3 ? Pick(["spring_sale", "newsletter", "retargeting"]) : null,
            Pick(["google", "direct", "facebook", "newsletter", "partner"]), $"s-{Index}");

        yield return GatewayRequests.PutContext(id, context);

        var consentChange = _random.NextDouble() < 0.05;
        if (Traits.Consents is { } consents && (IsNew || consentChange))
        {
            yield return GatewayRequests.PutConsents(id, consents);
            if (_acceptEmail && IsNew && consents.Marketing)
            {
                // No random draw: the same seed gives the same visits with or without triggers.
                yield return GatewayRequests.AcceptChannels(id, ["email"]);
            }
        }

        if (!IsNew && _random.NextDouble() < 0.5)
        {
            yield return GatewayRequests.GetProfile(id); // the "recently viewed" widget
        }

        yield return GatewayRequests.Experience(id, "home", context);
        var lastDecision = Decision();

        var pages = 2 + Geometric(0.15, 28);
        var cart = new List<CatalogItem>();
        for (var page = 0; page < pages; page++)
        {
            var category = _random.NextDouble() < 0.75 ? Pick(Traits.Affinities) : Pick(_catalog.Categories);
            if (_random.NextDouble() < 0.1)
            {
                yield return Events(Event(EventTypes.Search, null, [category], null) with { Query = $"{category} {Pick(SearchWords)}" });
            }

            var item = _catalog.Pick(category, _random);
            yield return Events(Event(EventTypes.View, item));

            var askRecommendations = _random.NextDouble() < 0.6;
            var clickDraw = _random.NextDouble();
            var clickIndexDraw = _random.NextDouble();
            var fallbackClick = _catalog.Pick(category, _random);
            if (askRecommendations)
            {
                yield return GatewayRequests.Recommendations(id, "product_page", 8, item.ItemId, context with { JourneyStage = "browsing" }, CartIds(cart));
                var decision = Decision();
                lastDecision = decision.DecisionId is null ? lastDecision : decision;
                if (clickDraw < 0.25)
                {
                    var clicked = decision.ItemIds.Count > 0
                        ? _catalog.Find(decision.ItemIds[(int)(clickIndexDraw * decision.ItemIds.Count)]) ?? fallbackClick
                        : fallbackClick;
                    if (decision.DecisionId is { } decisionId)
                    {
                        yield return GatewayRequests.Feedback(decisionId, FeedbackType.Click, clicked.ItemId, null);
                    }

                    yield return Events(Event(EventTypes.Click, clicked), Event(EventTypes.View, clicked));
                    item = clicked;
                }
            }

            if (_random.NextDouble() < 0.12 * Traits.BuyingPropensity)
            {
                cart.Add(item);
                yield return Events(Event(EventTypes.AddToCart, item));
            }
        }

        if (cart.Count == 0)
        {
            yield break;
        }

        if (_random.NextDouble() < 0.45 * Traits.BuyingPropensity)
        {
            yield return GatewayRequests.PutContext(id, context with { JourneyStage = "checkout" });
            var orderId = $"o-{CustomerId}-{Index}";
            yield return Events([.. cart.Select(i => Event(EventTypes.Purchase, i) with { OrderId = orderId })]);
            _counters.Purchased();
            if (lastDecision.DecisionId is { } decisionId)
            {
                yield return GatewayRequests.Feedback(decisionId, FeedbackType.Conversion, null, cart.Sum(i => i.Price));
            }
        }
        else
        {
            if (_random.NextDouble() < 0.3)
            {
                yield return Events(Event(EventTypes.RemoveFromCart, cart[^1]));
            }

            _counters.Abandoned();
        }
    }

    /// <summary>One request on a (prepared, warm) customer; the same request as the benchmark's wrk scripts.</summary>
    private IEnumerable<GatewayCall> SingleRequest(Scenario scenario)
    {
        var context = new VisitContext(Traits.Device, "web", Traits.Country, Traits.Language, "browsing", null, null, $"s-{Index}");
        var item = _catalog.Pick(_random.NextDouble() < 0.75 ? Pick(Traits.Affinities) : Pick(_catalog.Categories), _random);
        yield return scenario switch
        {
            Scenario.Recommendations => GatewayRequests.Recommendations(CustomerId, "home", 10, null, context),
            Scenario.Events => Events(Event(EventTypes.View, item)),
            _ => GatewayRequests.GetProfile(CustomerId),
        };
    }

    private DecisionAnswer Decision() => _last.IsSuccess ? GatewayRequests.Decision(_last.Body) : DecisionAnswer.None;

    private GatewayCall Events(params SimulatedEvent[] events) => GatewayRequests.TrackEvents(CustomerId, events);

    private static SimulatedEvent Event(string type, CatalogItem item) => Event(type, item.ItemId, item.Categories, item.Price) with { Brand = item.Brand };

    private static SimulatedEvent Event(string type, string? itemId, IReadOnlyList<string>? categories, decimal? value)
    {
        // Whole seconds: a profile keeps event times to the second, and the check compares them exactly.
        var now = DateTimeOffset.UtcNow;
        return new SimulatedEvent(type, now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond)), itemId, categories, value);
    }

    private static IReadOnlyList<string>? CartIds(List<CatalogItem> cart) => cart.Count == 0 ? null : cart.ConvertAll(i => i.ItemId);

    private T Pick<T>(IReadOnlyList<T> options) => options[_random.Next(options.Count)];

    private int Geometric(double p, int max)
    {
        var n = 0;
        while (n < max && _random.NextDouble() >= p)
        {
            n++;
        }

        return n;
    }
}
