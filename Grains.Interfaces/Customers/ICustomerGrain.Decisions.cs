using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Interfaces.Customers;

/// <summary>Decisions answered from the customer's in-memory profile (see docs/decisions.md).</summary>
public partial interface ICustomerGrain
{
    /// <summary>A recommendation list for a slot; personalized when the customer consented and there is enough
    /// data, otherwise the default list with <c>personalized: false</c> and the reason. Throws
    /// <see cref="DecisionValidationException"/> for a bad request.</summary>
    Task<RecommendationsResponse> RecommendAsync(RecommendationsRequest request);

    /// <summary>The page configuration: explicit customization applied, content blocks, offers. Offers made
    /// consume their frequency caps (persisted before the answer).</summary>
    Task<ExperienceResponse> GetExperienceAsync(ExperienceRequest request);

    /// <summary>The next best offers for the request's channel, honouring marketing consent, accepted channels and
    /// frequency caps (persisted before the answer).</summary>
    Task<OffersResponse> GetOffersAsync(OffersRequest request);
}
