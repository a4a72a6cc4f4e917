using Microsoft.Extensions.Options;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>Feedback on one decision (key = the signed decision id). Stateless: it verifies the id and hands the
/// feedback to the customer grain the id names, which de-duplicates it, remembers it with the profile and credits
/// experiment variants. Nothing is stored under a decision id, so erasing the customer erases the feedback too.</summary>
[GrainType("decision")]
public sealed class DecisionGrain(IOptions<DecisionOptions> options) : Grain, IDecisionGrain
{
    private DecodedDecision? decision;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        new DecisionIdCodec(options.Value.DecisionIdKey).TryParse(this.GetPrimaryKeyString(), out var decoded);
        decision = decoded;
        return Task.CompletedTask;
    }

    public async Task<DecisionFeedbackResult> RecordFeedbackAsync(DecisionFeedback feedback)
    {
        var d = Decision();
        if (feedback is null || !Enum.IsDefined(feedback.Type))
        {
            throw new DecisionValidationException([new FieldError("type", "Must be impression, click or conversion.")]);
        }

        if (feedback.Value is < 0)
        {
            throw new DecisionValidationException([new FieldError("value", "Must be zero or more.")]);
        }

        return await GrainFactory.GetGrain<ICustomerGrain>(d.CustomerId).RecordDecisionFeedbackAsync(this.GetPrimaryKeyString(), feedback);
    }

    public Task<DecisionFeedbackSummary> GetSummaryAsync() =>
        GrainFactory.GetGrain<ICustomerGrain>(Decision().CustomerId).GetDecisionFeedbackAsync(this.GetPrimaryKeyString());

    private DecodedDecision Decision()
    {
        // Holds nothing worth keeping in memory between calls.
        DeactivateOnIdle();
        return decision ?? throw new DecisionValidationException(
            [new FieldError("decisionId", "Not a decision id issued by this cluster (malformed or bad signature).")]);
    }
}
