using PersoActors.Runtime;

namespace PersoActors.Grains.Interfaces.Decisions;

/// <summary>Feedback on one served decision (key = decision id). A decision id is self-describing and
/// signed (customer, time, experiment variants), so nothing is written when a decision is served; this grain
/// is only activated when feedback arrives. It de-duplicates feedback and credits experiment variants with conversions.</summary>
[GrainType("decision")]
public interface IDecisionGrain : IGrainWithStringKey
{
    /// <summary>Records feedback. Throws <see cref="DecisionValidationException"/> for a malformed or forged decision id.</summary>
    Task<DecisionFeedbackResult> RecordFeedbackAsync(DecisionFeedback feedback);

    /// <summary>What has been recorded for this decision.</summary>
    Task<DecisionFeedbackSummary> GetSummaryAsync();
}
