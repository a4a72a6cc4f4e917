using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Customers;

/// <summary>Feedback and conversions of this customer's decisions. They are remembered here, with the profile, so
/// that erasure and consent purges reach them; experiment grains only receive anonymous counts.</summary>
public sealed partial class CustomerGrain
{
    private DecisionFeedbackLedger feedback = new();

    private TimeSpan AttributionWindow => decisionOptions?.Value.AttributionWindow ?? TimeSpan.FromDays(7);

    public async Task<DecisionFeedbackResult> RecordDecisionFeedbackAsync(string decisionId, DecisionFeedback input)
    {
        await RefuseChangesDuringHandOverAsync();
        var decision = OwnDecision(decisionId) ?? throw NotThisCustomersDecision();
        var outcome = feedback.Record(decisionId, decision, input, Now, AttributionWindow);
        if (outcome.Accepted)
        {
            await RememberFeedbackAsync();
        }

        var credited = outcome.Credit.Count == 0 ? [] : await CreditAsync(outcome.Credit, input.At ?? Now, input.Value);
        return new DecisionFeedbackResult(decisionId, decision.CustomerId, outcome.Accepted, outcome.Duplicate, credited, outcome.Reason);
    }

    public Task<DecisionFeedbackSummary> GetDecisionFeedbackAsync(string decisionId)
    {
        var decision = OwnDecision(decisionId) ?? throw NotThisCustomersDecision();
        return Task.FromResult(feedback.Summary(decisionId, decision));
    }

    /// <summary>Purchases (already stored) convert the decisions that led to them: the one they carry, or else the
    /// most recent decision that showed the item. Only decisions issued to this customer (or to an anonymous id merged
    /// into it) count; one conversion per decision, the order total credited once.</summary>
    private async Task AttributeAsync(List<(string DecisionId, BehaviourEvent Purchase)> conversions)
    {
        List<(IReadOnlyList<ExperimentAssignment> Credit, DateTimeOffset At, decimal Value)>? credits = null;
        var changed = false;
        foreach (var group in conversions.GroupBy(c => c.DecisionId, StringComparer.Ordinal))
        {
            if (OwnDecision(group.Key) is not { } decision)
            {
                continue;
            }

            var first = group.First().Purchase;
            var value = group.Sum(c => c.Purchase.Value ?? 0);
            var outcome = feedback.Record(group.Key, decision,
                new DecisionFeedback(FeedbackType.Conversion, first.ItemId, Value: value, At: first.Timestamp), Now, AttributionWindow);
            changed |= outcome.Accepted;
            if (outcome.Credit.Count > 0)
            {
                (credits ??= []).Add((outcome.Credit, first.Timestamp, value));
            }
        }

        if (changed)
        {
            await RememberFeedbackAsync();
        }

        foreach (var (credit, at, value) in credits ?? [])
        {
            await CreditAsync(credit, at, value);
        }
    }

    /// <summary>Feedback is behaviour: durable only with analytics consent; otherwise it de-duplicates within this
    /// activation and is never written (so feedback arriving after an erasure recreates nothing in the store).</summary>
    private Task RememberFeedbackAsync() =>
        profile.HasConsent(ConsentPurpose.Analytics) ? SaveAsync(StateWriteMode.Normal) : Task.CompletedTask;

    /// <summary>Credits conversions, after they are remembered here (a customer is counted at most once per
    /// experiment, at worst not at all if a call fails).</summary>
    private async Task<IReadOnlyList<ExperimentAssignment>> CreditAsync(IReadOnlyList<ExperimentAssignment> experiments, DateTimeOffset at, decimal? value)
    {
        var credited = new List<ExperimentAssignment>(experiments.Count);
        foreach (var experiment in experiments)
        {
            // De-duplication per customer happens in this grain, so the experiment grain gets a random converter
            // token instead of the customer id: it keeps aggregates only, nothing linked to the customer.
            var conversion = new ExperimentConversion(experiment.Variant, Guid.NewGuid().ToString("N"), "", at, value);
            if (await GrainFactory.GetGrain<IExperimentGrain>(experiment.ExperimentId).RecordConversionAsync(conversion))
            {
                credited.Add(experiment);
            }
        }

        return credited;
    }

    /// <summary>The decoded decision when <paramref name="decisionId"/> is a genuine id issued to this customer or to an
    /// anonymous id merged into it.</summary>
    private DecodedDecision? OwnDecision(string decisionId) =>
        Engine().DecisionIds.TryParse(decisionId, out var decision)
        && (string.Equals(decision.CustomerId, Id, StringComparison.Ordinal) || profile.Aliases.Contains(decision.CustomerId, StringComparer.Ordinal))
            ? decision
            : null;

    private static DecisionValidationException NotThisCustomersDecision() =>
        new([new FieldError("decisionId", "Not a decision id issued by this cluster (malformed or bad signature).")]);
}
