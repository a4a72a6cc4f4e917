using PersoActors.LoadTest.Api;
using PersoActors.LoadTest.Check;
using PersoActors.LoadTest.Simulation;

namespace PersoActors.LoadTest.Tests;

public sealed class CheckTests
{
    private static readonly DateTimeOffset T0 = new(2025, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_ledger_keeps_the_total_and_only_the_latest_events_a_profile_can_hold()
    {
        var ledger = new AckLedger(keepPerCustomer: 3);
        ledger.Acknowledge("c1", [Event(1), Event(2)]);
        ledger.Acknowledge("c1", [Event(3), Event(4)]);

        var entry = Assert.Single(ledger.Entries());
        Assert.Equal(4, entry.Total);
        Assert.Equal([2, 3, 4], entry.Latest.Select(e => (int)(e.Timestamp - T0).TotalMilliseconds));
    }

    [Fact]
    public void Purged_and_partially_stored_customers_are_not_checked()
    {
        var ledger = new AckLedger(10);
        ledger.Acknowledge("purged", [Event(1)]);
        ledger.Purge("purged");
        ledger.Acknowledge("partial", [Event(1)]);
        ledger.MarkUnverifiable("partial");
        ledger.Acknowledge("kept", [Event(1)]);

        Assert.Equal(["kept"], ledger.Entries().Select(e => e.CustomerId));
    }

    [Fact]
    public void Every_acknowledged_event_must_appear_once_in_the_profile()
    {
        var entry = new LedgerEntry("c", 3, [Event(1), Event(1), Event(2)], true);
        StoredEvent Stored(int ms) => new("view", "sku-1", T0.AddMilliseconds(ms).ToOffset(TimeSpan.FromHours(2)));

        Assert.Equal(0, ProfileCheckerCount(entry, [Stored(1), Stored(1), Stored(2), Stored(9)]));
        Assert.Equal(1, ProfileCheckerCount(entry, [Stored(1), Stored(2)])); // a duplicate is not two events
        Assert.Equal(3, ProfileCheckerCount(entry, []));
    }

    [Fact]
    public void Profile_answers_are_parsed_tolerantly()
    {
        var body = """{"customerId":"c","eventCount":7,"recentEvents":[{"type":"add_to_cart","timestamp":"2025-05-01T12:00:00.001+00:00","itemId":"sku-1","extra":1}]}"""u8.ToArray();

        var profile = GatewayRequests.Profile(body)!;

        Assert.Equal(7, profile.EventCount);
        Assert.Equal(new StoredEvent("add_to_cart", "sku-1", T0.AddMilliseconds(1)), profile.RecentEvents.Single());
        Assert.Null(GatewayRequests.Profile("not json"u8.ToArray()));
        Assert.Equal(DecisionAnswer.None, GatewayRequests.Decision([]));
    }

    private static int ProfileCheckerCount(LedgerEntry entry, StoredEvent[] stored) =>
        ProfileChecker.CountMissing(entry, new ProfileReadback(3, stored));

    private static SimulatedEvent Event(int ms) => new("view", T0.AddMilliseconds(ms), "sku-1", ["shoes"], 10m);
}
