namespace PersoActors.Grains.Interfaces.Decisions;

/// <summary>Feedback on one served decision (key = decision id). A decision id is self-describing and
/// signed (customer, time, experiment variants), so nothing is written when a decision is served. This grain
/// stores nothing: it verifies the id and hands the feedback to the customer it names, which de-duplicates it,
/// keeps it with the profile (so erasure removes it) and credits experiment variants anonymously.</summary>
public interface IDecisionGrain : IGrainWithStringKey
{
    /// <summary>Records feedback. Throws <see cref="DecisionValidationException"/> for a malformed or forged decision id.</summary>
    Task<DecisionFeedbackResult> RecordFeedbackAsync(DecisionFeedback feedback);

    /// <summary>What has been recorded for this decision.</summary>
    [SafeToRetry]
    Task<DecisionFeedbackSummary> GetSummaryAsync();
}
