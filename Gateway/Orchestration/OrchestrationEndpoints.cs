using PersoActors.Gateway.Hosting;
using PersoActors.Gateway.Customers;
using PersoActors.Gateway.Decisions;
using PersoActors.Gateway.Http;
using PersoActors.Gateway.Security;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Grains.Interfaces.Orchestration;
using PersoActors.Grains.Orchestration;

namespace PersoActors.Gateway.Orchestration;

/// <summary>Admin API of orchestration: triggers (validated, versioned), a customer's messages, and dead letters.</summary>
public static class OrchestrationEndpoints
{
    public static IEndpointRouteBuilder MapOrchestrationEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/v1")
            .RequireAuthorization(ApiRoles.Admin)
            .WithTags("Orchestration")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        admin.MapPut("/triggers/{id}", PutTriggerAsync)
            .Accepts<TriggerDefinition>("application/json").Produces<ConfigVersion>()
            .WithSummary("Create or replace a trigger (start and exit events, delay, channel, destination, cap, payload, holdout).");
        admin.MapDelete("/triggers/{id}", DeleteTriggerAsync)
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Delete a trigger; its pending messages are cancelled when due.");
        admin.MapGet("/triggers", (IGrainFactory grains) => Triggers(grains).GetConfigAsync())
            .Produces<TriggerConfig>()
            .WithSummary("Every trigger at the current version.");
        admin.MapGet("/customers/{customerId}/messages", (string customerId, IGrainFactory grains) =>
                grains.GetStringKeyGrain<ICustomerGrain>(customerId).GetMessagesAsync())
            .AddEndpointFilter(ValidCustomerId)
            .Produces<IReadOnlyList<OutboxMessage>>()
            .WithSummary("A customer's outbox and delivery log, newest first.");
        admin.MapGet("/dead-letters", (IGrainFactory grains) => DeadLetters(grains).ListAsync())
            .Produces<IReadOnlyList<DeadLetter>>()
            .WithSummary("Messages whose every delivery attempt failed.");
        admin.MapPost("/dead-letters/{customerId}/{messageId}/retry", async (string customerId, string messageId, IGrainFactory grains) =>
                await grains.GetStringKeyGrain<ICustomerGrain>(customerId).RetryMessageAsync(messageId) ? Results.NoContent() : NotFound(messageId))
            .AddEndpointFilter(ValidCustomerId)
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Schedule a dead letter again now, with a fresh attempt count.");
        admin.MapDelete("/dead-letters/{customerId}/{messageId}", async (string customerId, string messageId, IGrainFactory grains) =>
                await grains.GetStringKeyGrain<ICustomerGrain>(customerId).DiscardMessageAsync(messageId) ? Results.NoContent() : NotFound(messageId))
            .AddEndpointFilter(ValidCustomerId)
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Discard a dead letter (its body is dropped).");
        return app;
    }

    /// <summary>A 400 naming <c>customerId</c> for a route value that cannot be a customer id, before any grain call.</summary>
    private static async ValueTask<object?> ValidCustomerId(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        RequestValidation.CheckCustomerId(context.HttpContext.GetRouteValue("customerId") as string, "customerId") is { } problem
            ? problem
            : await next(context);

    private static async Task<IResult> PutTriggerAsync(string id, HttpRequest request, IGrainFactory grains, TriggerCatalog catalog)
    {
        var body = await JsonBody.ReadAsync<TriggerDefinition>(request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var trigger = body.Value!;
        if (trigger.Id is not null && !string.Equals(trigger.Id, id, StringComparison.Ordinal))
        {
            return ApiProblems.Invalid("id", $"Must match the id in the path ('{id}'), or be left out.");
        }

        var version = await Triggers(grains).PutTriggerAsync(trigger with { Id = id });
        catalog.Invalidate();
        return TypedResults.Ok(new ConfigVersion(version));
    }

    private static async Task<IResult> DeleteTriggerAsync(string id, IGrainFactory grains, TriggerCatalog catalog)
    {
        if (!await Triggers(grains).DeleteTriggerAsync(id))
        {
            return ApiProblems.Result(StatusCodes.Status404NotFound, "Not found", "id", $"No trigger '{id}'.");
        }

        catalog.Invalidate();
        return TypedResults.NoContent();
    }

    private static IResult NotFound(string messageId) =>
        ApiProblems.Result(StatusCodes.Status404NotFound, "Not found", "messageId", $"No dead letter '{messageId}' for this customer.");

    private static ITriggerConfigGrain Triggers(IGrainFactory grains) => grains.GetGrain<ITriggerConfigGrain>(TriggerCatalog.Key);

    private static IDeadLetterGrain DeadLetters(IGrainFactory grains) => grains.GetGrain<IDeadLetterGrain>(TriggerCatalog.Key);
}
