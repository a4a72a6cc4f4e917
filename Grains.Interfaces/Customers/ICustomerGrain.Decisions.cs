using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Interfaces.Customers;

/// <summary>Decisions answered from the customer's in-memory profile (see docs/decisions.md).</summary>
public partial interface ICustomerGrain
{
    /// <summary>A recommendation list for a slot; personalized when the customer consented and there is enough
    /// data, otherwise the default list with <c>personalized: false</c> and the reason. Throws
    /// <see cref="DecisionValidationException"/> for a bad request. A <see cref="ValueTask{T}"/>: the hot path, which
    /// usually completes without awaiting, then allocates no task on either side of the call.</summary>
    ValueTask<RecommendationsResponse> RecommendAsync(RecommendationsRequest request);

    /// <summary>The page configuration: explicit customization applied, content blocks, offers. Offers made
    /// consume their frequency caps (persisted before the answer).</summary>
    Task<ExperienceResponse> GetExperienceAsync(ExperienceRequest request);

    /// <summary>The next best offers for the request's channel, honouring marketing consent, accepted channels and
    /// frequency caps (persisted before the answer).</summary>
    Task<OffersResponse> GetOffersAsync(OffersRequest request);

    /// <summary>Records feedback on one of this customer's decisions (called by the decision grain, which routes by the
    /// customer id encoded in the decision id). De-duplicates retries; a conversion credits each experiment variant the
    /// decision carried, once per customer per experiment. The feedback is remembered in this grain only, so erasing
    /// the customer erases it; it is persisted only with analytics consent. Throws
    /// <see cref="DecisionValidationException"/> for a forged id or one issued to another customer.</summary>
    [SafeToRetry]
    Task<DecisionFeedbackResult> RecordDecisionFeedbackAsync(string decisionId, DecisionFeedback feedback);

    /// <summary>The feedback remembered for one of this customer's decisions (zero counts once it left the attribution window).</summary>
    [SafeToRetry]
    Task<DecisionFeedbackSummary> GetDecisionFeedbackAsync(string decisionId);
}
