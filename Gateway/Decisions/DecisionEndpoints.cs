namespace PersoActors.Gateway.Decisions;

/// <summary>The decision API (docs/api-decisions.md).</summary>
public static class DecisionEndpoints
{
    public static IEndpointRouteBuilder MapDecisionEndpoints(this IEndpointRouteBuilder app) => app
        .MapCatalogEndpoints()
        .MapCustomerDecisionEndpoints()
        .MapFeedbackEndpoints()
        .MapExperimentEndpoints()
        .MapDecisionConfigEndpoints();
}
