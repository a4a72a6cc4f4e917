using PersoActors.LoadTest.Api;
using PersoActors.LoadTest.Catalog;
using PersoActors.LoadTest.Check;
using PersoActors.LoadTest.Simulation;

namespace PersoActors.LoadTest.Tests;

public sealed class SimulationTests
{
    private static readonly SyntheticCatalog Catalog = CatalogGenerator.Generate(600, seed: 3);

    [Fact]
    public void The_same_seed_reproduces_the_same_visits()
    {
        var first = Visits(seed: 5, count: 40);
        var second = Visits(seed: 5, count: 40);
        var other = Visits(seed: 6, count: 40);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void A_visit_lands_with_a_context_and_browses_the_customers_favourite_categories()
    {
        var population = Population(seed: 9);
        var affinityViews = 0;
        var views = 0;
        for (var i = 0; i < 200; i++)
        {
            var session = population.StartSession();
            var calls = Drain(session, new EndpointAvailability());
            Assert.Equal(EndpointKind.PutContext, calls[0].Kind);
            foreach (var e in calls.Where(c => c.Events is not null).SelectMany(c => c.Events!).Where(e => e.Type == EventTypes.View))
            {
                views++;
                affinityViews += session.Traits.Affinities.Contains(e.Categories![0]) ? 1 : 0;
            }

            population.EndSession(session);
        }

        Assert.InRange(affinityViews / (double)views, 0.7, 0.95);
        Assert.True(population.Counters.Purchases > 0);
        Assert.True(population.Counters.AbandonedCarts > 0);
        Assert.InRange(population.Counters.NewUsers / 200.0, 0.2, 0.4);
    }

    [Fact]
    public void Consents_follow_the_documented_mix_and_stay_the_same_for_a_returning_customer()
    {
        var traits = Enumerable.Range(0, 20_000).Select(i => CustomerTraits.For($"lt-{i:D6}")).ToArray();

        Assert.InRange(traits.Count(t => t.Consents is { Analytics: true, Personalization: true }) / 20_000.0, 0.68, 0.72);
        Assert.InRange(traits.Count(t => t.Consents is { Analytics: true, Personalization: false }) / 20_000.0, 0.13, 0.17);
        Assert.InRange(traits.Count(t => t.Consents is { Analytics: false }) / 20_000.0, 0.08, 0.12);
        Assert.InRange(traits.Count(t => t.Consents is null) / 20_000.0, 0.04, 0.06);
        Assert.Equal(CustomerTraits.For("lt-000042"), CustomerTraits.For("lt-000042"), new TraitsComparer());
    }

    [Fact]
    public void Unavailable_endpoints_are_skipped_and_the_visit_goes_on()
    {
        var availability = new EndpointAvailability();
        var notFound = new CallResult(CallOutcome.Unavailable, "404", 404, []);
        for (var i = 0; i < 50; i++)
        {
            availability.Observe(EndpointKind.Recommendations, notFound);
            availability.Observe(EndpointKind.Experience, notFound);
        }

        var population = Population(seed: 1);
        var calls = Enumerable.Range(0, 30).SelectMany(_ => Drain(population.StartSession(), availability)).ToArray();

        Assert.DoesNotContain(calls, c => c.Kind is EndpointKind.Recommendations or EndpointKind.Experience);
        Assert.Contains(calls, c => c.Kind == EndpointKind.TrackEvents);
    }

    [Fact]
    public void A_returning_customer_is_never_in_two_visits_at_once()
    {
        var population = new UserPopulation(new PopulationSettings(2, ReturningCustomers: 3, NewUserRatio: 0, TimeSpan.Zero), Catalog, new AckLedger(100));

        var open = Enumerable.Range(0, 10).Select(_ => population.StartSession()).ToArray();

        var returning = open.Where(s => !s.IsNew).Select(s => s.CustomerId).ToArray();
        Assert.Equal(returning.Distinct().Count(), returning.Length);
        Assert.True(returning.Length <= 3);
    }

    [Fact]
    public void Catalog_generation_is_reproducible_and_covers_every_category()
    {
        var a = CatalogGenerator.Generate(240, seed: 8);
        var b = CatalogGenerator.Generate(240, seed: 8);

        Assert.Equal(a.Items.Select(i => (i.ItemId, i.Brand, i.Price, i.Categories[1])), b.Items.Select(i => (i.ItemId, i.Brand, i.Price, i.Categories[1])));
        Assert.Equal(CatalogGenerator.TopCategories.Order(), a.Categories.Order());
        Assert.All(a.Items, i => Assert.True(i.Price > 0));
        Assert.All(a.Items, i => Assert.Contains("vegan", i.Attributes.Keys));
    }

    private static UserPopulation Population(int seed) =>
        new(new PopulationSettings(seed, ReturningCustomers: 1000, NewUserRatio: 0.3, TimeSpan.Zero), Catalog, new AckLedger(100));

    private static List<GatewayCall> Drain(SimulatedSession session, EndpointAvailability availability)
    {
        var calls = new List<GatewayCall>();
        while (session.Next(availability) is { } call)
        {
            calls.Add(call);
            session.Complete(call, new CallResult(CallOutcome.Ok, "200", 200, "{}"u8.ToArray()));
        }

        return calls;
    }

    private static List<string> Visits(int seed, int count)
    {
        var population = Population(seed);
        var trace = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var session = population.StartSession();
            foreach (var call in Drain(session, new EndpointAvailability()))
            {
                var events = call.Events is null ? "" : string.Join(" ", call.Events.Select(e => $"{e.Type}:{e.ItemId}:{e.Value}"));
                trace.Add($"{session.CustomerId} {call.Method} {call.Path} {events}");
            }

            population.EndSession(session);
        }

        return trace;
    }

    private sealed class TraitsComparer : IEqualityComparer<CustomerTraits>
    {
        public bool Equals(CustomerTraits? x, CustomerTraits? y) =>
            x is not null && y is not null && x with { Affinities = [] } == y with { Affinities = [] } && x.Affinities.SequenceEqual(y.Affinities);

        public int GetHashCode(CustomerTraits obj) => obj.Country.GetHashCode(StringComparison.Ordinal);
    }
}
