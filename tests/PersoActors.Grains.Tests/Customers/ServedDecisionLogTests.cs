using PersoActors.Grains.Customers;
using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Grains.Tests.Customers;

/// <summary>The served-decision log keeps the customer's last decisions in reused slots: newest first, bounded,
/// exactly what was recorded when stored and restored, and nothing allocated per decision once its slots have grown.</summary>
public sealed class ServedDecisionLogTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_newest_decision_showing_an_item_is_credited_and_the_oldest_beyond_capacity_forgotten()
    {
        var log = new ServedDecisionLog(3);
        log.Add("d-1", T0, ["a", "b"]);
        log.Add("d-2", T0.AddMinutes(1), ["b", "c"]);
        log.Add("d-3", T0.AddMinutes(2), ["c"]);
        Assert.Equal("d-2", log.LatestShowing("b"));
        Assert.Equal("d-1", log.LatestShowing("a"));

        log.Add("d-4", T0.AddMinutes(3), ["d"]);

        Assert.Equal(3, log.Count);
        Assert.Null(log.LatestShowing("a"));
        Assert.Equal("d-3", log.LatestShowing("c"));
        Assert.Equal(["d-4", "d-3", "d-2"], log.ToList().Select(d => d.DecisionId));
    }

    [Fact]
    public void Items_are_kept_once_each_in_the_order_shown_however_many_there_are()
    {
        var log = new ServedDecisionLog(2);
        var many = Enumerable.Range(0, 45).Select(i => $"item-{i % 30}").ToArray();

        log.Add("d-many", T0, many);

        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"item-{i}"), Assert.Single(log.ToList()).ItemIds);
    }

    [Fact]
    public void A_decision_that_showed_nothing_is_not_recorded_and_overwrites_nothing()
    {
        var log = new ServedDecisionLog(2);
        log.Add("d-1", T0, ["a"]);
        log.Add("d-2", T0, ["b"]);

        log.Add("d-empty", T0, []);

        Assert.Equal(["d-2", "d-1"], log.ToList().Select(d => d.DecisionId));
        Assert.Equal("d-1", log.LatestShowing("a"));
    }

    [Fact]
    public void Stored_decisions_come_back_exactly_newest_first_within_the_capacity()
    {
        List<ServedDecision> stored =
        [
            new("d1_newest-é-✓", T0.AddMinutes(3), ["x", "y"]),
            new("d1_" + new string('q', 300), T0.AddMinutes(2).ToOffset(TimeSpan.FromHours(2)), ["z"]),
            new("d1_oldest-kept", T0.AddMinutes(1), ["x"]),
            new("d1_beyond-capacity", T0, ["w"]),
        ];
        var log = new ServedDecisionLog(3);

        log.Restore(stored);

        var back = log.ToList();
        Assert.Equal(stored.Take(3).Select(d => (d.DecisionId, d.At, d.At.Offset, string.Join(",", d.ItemIds))),
            back.Select(d => (d.DecisionId, d.At, d.At.Offset, string.Join(",", d.ItemIds))));
        Assert.Equal("d1_newest-é-✓", log.LatestShowing("x"));
    }

    [Fact]
    public void Clearing_forgets_every_decision()
    {
        var log = new ServedDecisionLog(2);
        log.Add("d-1", T0, ["a"]);

        log.Clear();

        Assert.Equal(0, log.Count);
        Assert.Null(log.LatestShowing("a"));
        Assert.Empty(log.ToList());
    }

    [Fact]
    public void Recording_keeps_nothing_new_once_the_slots_have_grown()
    {
        var log = new ServedDecisionLog(5);
        var ids = Enumerable.Range(0, 100).Select(i => $"d1_{Guid.NewGuid():N}{i}").ToArray();
        var items = new List<string> { "i-1", "i-2", "i-3", "i-4", "i-5", "i-6", "i-7", "i-8", "i-9", "i-10" };
        for (var i = 0; i < 10; i++)
        {
            log.Add(ids[i], T0, items);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < ids.Length; i++)
        {
            log.Add(ids[i], T0.AddSeconds(i), items);
        }

        // A record per decision (record, item list, id string) was ~450 bytes; what is left is the list's boxed
        // enumerator, which dies at once.
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before <= 48 * ids.Length, "allocated per decision");
        Assert.Equal(ids[^1], log.LatestShowing("i-7"));
    }
}
