namespace PersoActors.Gateway.Decisions;

/// <summary>The decision API (README.md, API → Decisions).</summary>
public static class DecisionEndpoints
{
    public static IEndpointRouteBuilder MapDecisionEndpoints(this IEndpointRouteBuilder app) => app
        .MapCatalogEndpoints()
        .MapCustomerDecisionEndpoints()
        .MapFeedbackEndpoints()
        .MapExperimentEndpoints()
        .MapDecisionConfigEndpoints();
}
