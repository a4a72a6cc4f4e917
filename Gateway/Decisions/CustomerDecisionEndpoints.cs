using PersoActors.Gateway.Hosting;
using PersoActors.Gateway.Customers;
using PersoActors.Gateway.Security;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Gateway.Decisions;

/// <summary>Decisions for one customer, answered by their grain: recommendations, experience, offers.
/// Every body field is optional (an empty body asks for the defaults).</summary>
public static class CustomerDecisionEndpoints
{
    public static IEndpointRouteBuilder MapCustomerDecisionEndpoints(this IEndpointRouteBuilder app)
    {
        var customer = app.MapGroup("/v1/customers/{id}")
            .RequireAuthorization(ApiRoles.Site)
            .AddEndpointFilter(ValidateCustomerId)
            .WithTags("Decisions")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        customer.MapPost("/recommendations", RecommendAsync)
            .Accepts<RecommendationsRequest>("application/json")
            .Produces<RecommendationsResponse>()
            .WithSummary("Recommendations for a slot (home, product_page with currentItemId, cart…), each item with a reason; personalized: false with the reason when the default list is served.");
        customer.MapPost("/experience", ExperienceAsync)
            .Accepts<ExperienceRequest>("application/json")
            .Produces<ExperienceResponse>()
            .WithSummary("The page configuration: the customer's customization applied, content blocks, offers.");
        customer.MapPost("/offers", OffersAsync)
            .Accepts<OffersRequest>("application/json")
            .Produces<OffersResponse>()
            .WithSummary("Next best offers on the request channel (marketing consent, accepted channels, daily caps honoured).");
        return app;
    }

    private static ValueTask<object?> ValidateCustomerId(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        RequestValidation.CheckCustomerId(context.HttpContext.GetRouteValue("id") as string) is { } problem
            ? ValueTask.FromResult<object?>(problem)
            : next(context);

    private static async Task<IResult> RecommendAsync(string id, HttpRequest request, IGrainFactory grains)
    {
        var body = await DecisionBodies.ReadOptionalAsync(request, () => new RecommendationsRequest());
        return body.Problem ?? TypedResults.Json(await grains.GetStringKeyGrain<ICustomerGrain>(id).RecommendAsync(body.Value!), DecisionResponseJson.Recommendations);
    }

    private static async Task<IResult> ExperienceAsync(string id, HttpRequest request, IGrainFactory grains)
    {
        var body = await DecisionBodies.ReadOptionalAsync(request, () => new ExperienceRequest());
        return body.Problem ?? TypedResults.Ok(await grains.GetStringKeyGrain<ICustomerGrain>(id).GetExperienceAsync(body.Value!));
    }

    private static async Task<IResult> OffersAsync(string id, HttpRequest request, IGrainFactory grains)
    {
        var body = await DecisionBodies.ReadOptionalAsync(request, () => new OffersRequest());
        return body.Problem ?? TypedResults.Ok(await grains.GetStringKeyGrain<ICustomerGrain>(id).GetOffersAsync(body.Value!));
    }
}
