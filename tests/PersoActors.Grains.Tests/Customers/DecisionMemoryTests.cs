using PersoActors.Grains.Customers;
using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Tests.Customers;

/// <summary>The customer's decision memory: feedback de-duplication within the attribution window, and the merge rules.</summary>
public sealed class DecisionMemoryTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromDays(7);
    private static readonly DecodedDecision Decision = new("c", Now.AddHours(-1), [new ExperimentAssignment("exp", "a"), new ExperimentAssignment("exp2", "b")]);

    [Fact]
    public void Feedback_counts_once_per_decision_and_clicks_once_per_item()
    {
        var ledger = new DecisionFeedbackLedger();

        Assert.True(ledger.Record("d1", Decision, new DecisionFeedback(FeedbackType.Impression), Now, Window).Accepted);
        Assert.True(ledger.Record("d1", Decision, new DecisionFeedback(FeedbackType.Impression), Now, Window).Duplicate);
        Assert.True(ledger.Record("d1", Decision, new DecisionFeedback(FeedbackType.Click, "i1"), Now, Window).Accepted);
        Assert.True(ledger.Record("d1", Decision, new DecisionFeedback(FeedbackType.Click, "i2"), Now, Window).Accepted);
        Assert.True(ledger.Record("d1", Decision, new DecisionFeedback(FeedbackType.Click, "i1"), Now, Window).Duplicate);
        var summary = ledger.Summary("d1", Decision);

        Assert.Equal(1, summary.Impressions);
        Assert.Equal(["i1", "i2"], summary.ClickedItemIds);
        Assert.False(summary.Converted);
    }

    [Fact]
    public void A_customer_converts_once_per_experiment_across_decisions()
    {
        var ledger = new DecisionFeedbackLedger();
        var other = Decision with { Experiments = [new ExperimentAssignment("exp", "a"), new ExperimentAssignment("exp3", "c")] };

        var first = ledger.Record("d1", Decision, new DecisionFeedback(FeedbackType.Conversion, Value: 5), Now, Window);
        var retry = ledger.Record("d1", Decision, new DecisionFeedback(FeedbackType.Conversion, Value: 5), Now, Window);
        var second = ledger.Record("d2", other, new DecisionFeedback(FeedbackType.Conversion, Value: 7), Now, Window);

        Assert.Equal(["exp", "exp2"], first.Credit.Select(c => c.ExperimentId));
        Assert.True(retry.Duplicate);
        Assert.True(second.Accepted);
        Assert.Equal(["exp3"], second.Credit.Select(c => c.ExperimentId));
        Assert.Equal(["exp", "exp2", "exp3"], ledger.ConvertedExperiments);
    }

    [Fact]
    public void Feedback_outside_the_attribution_window_is_rejected_and_old_decisions_are_forgotten()
    {
        var ledger = new DecisionFeedbackLedger();
        var old = Decision with { IssuedAt = Now.AddDays(-6) };
        ledger.Record("old", old, new DecisionFeedback(FeedbackType.Impression), Now, Window);

        var late = ledger.Record("old", old, new DecisionFeedback(FeedbackType.Click), Now.AddDays(2), Window);
        ledger.Record("new", Decision with { IssuedAt = Now.AddDays(2) }, new DecisionFeedback(FeedbackType.Impression), Now.AddDays(2), Window);

        Assert.Equal("outside_attribution_window", late.Reason);
        Assert.Equal(["new"], ledger.Entries.Select(e => e.DecisionId));
    }

    [Fact]
    public void The_ledger_stays_bounded_keeping_the_newest_decisions()
    {
        var ledger = new DecisionFeedbackLedger();
        for (var i = 0; i < DecisionFeedbackLedger.MaxDecisions + 10; i++)
        {
            ledger.Record($"d{i}", Decision with { IssuedAt = Now.AddMinutes(-100 + i) }, new DecisionFeedback(FeedbackType.Impression), Now, Window);
        }

        Assert.Equal(DecisionFeedbackLedger.MaxDecisions, ledger.Entries.Count);
        Assert.Equal($"d{DecisionFeedbackLedger.MaxDecisions + 9}", ledger.Entries[0].DecisionId);
        Assert.Equal("d10", ledger.Entries[^1].DecisionId);
    }

    [Fact]
    public void Merge_adds_caps_of_the_same_day_lets_known_variants_win_and_combines_behaviour_newest_first()
    {
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        var known = new CustomerDecisionMemory
        {
            OfferCaps = new OfferCapState(new Dictionary<string, OfferCapCounter> { ["o1"] = new(today, 1), ["o2"] = new(today, 1) }),
            Experiments = new Dictionary<string, string> { ["exp"] = "a" },
            ConvertedExperiments = ["exp"],
            RecentDecisions = [Served("k1", -10), Served("k2", -30)],
            Feedback = [new DecisionFeedbackMemory("k1", Now.AddMinutes(-10), Impressions: 1)],
        };
        var anonymous = new CustomerDecisionMemory
        {
            OfferCaps = new OfferCapState(new Dictionary<string, OfferCapCounter> { ["o1"] = new(today, 2), ["o2"] = new(today.AddDays(-1), 5), ["o3"] = new(today, 1) }),
            Experiments = new Dictionary<string, string> { ["exp"] = "b", ["exp2"] = "c" },
            ConvertedExperiments = ["exp2"],
            RecentDecisions = [Served("a1", -20), Served("a2", -40), Served("a3", -50), Served("a4", -60)],
            Feedback = [new DecisionFeedbackMemory("a1", Now.AddMinutes(-20), Converted: true)],
        };

        var merged = DecisionMemoryMerger.Merge(known, anonymous, analytics: true)!;
        var withoutAnalytics = DecisionMemoryMerger.Merge(known, anonymous, analytics: false)!;

        Assert.Equal(3, merged.OfferCaps!.Counters["o1"].Count);
        Assert.Equal(new OfferCapCounter(today, 1), merged.OfferCaps.Counters["o2"]);
        Assert.Equal(1, merged.OfferCaps.Counters["o3"].Count);
        Assert.Equal("a", merged.Experiments!["exp"]);
        Assert.Equal("c", merged.Experiments["exp2"]);
        Assert.Equal(["exp", "exp2"], merged.ConvertedExperiments);
        Assert.Equal(["k1", "a1", "k2", "a2", "a3"], merged.RecentDecisions.Select(d => d.DecisionId));
        Assert.Equal(["k1", "a1"], merged.Feedback.Select(f => f.DecisionId));
        Assert.Equal(merged.OfferCaps.Counters, withoutAnalytics.OfferCaps!.Counters);
        Assert.Equal(["k1", "k2"], withoutAnalytics.RecentDecisions.Select(d => d.DecisionId));
        Assert.Equal(["exp"], withoutAnalytics.ConvertedExperiments);
        Assert.Single(withoutAnalytics.Feedback);
    }

    private static ServedDecision Served(string id, int minutes) => new(id, Now.AddMinutes(minutes), ["item"]);
}
