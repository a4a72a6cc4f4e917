using PersoActors.Gateway.Http;
using PersoActors.Gateway.Security;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Gateway.Decisions;

/// <summary><c>POST /v1/decisions/{decisionId}/feedback</c>: impressions, clicks and conversions of a served decision.</summary>
public static class FeedbackEndpoints
{
    /// <summary>Longer than any id this cluster issues (customer ids ≤ 128 chars, a few experiments).</summary>
    public const int MaxDecisionIdLength = 2048;

    public static IEndpointRouteBuilder MapFeedbackEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/decisions/{decisionId}/feedback", RecordAsync)
            .RequireAuthorization(ApiRoles.Site)
            .WithTags("Decisions")
            .Accepts<DecisionFeedback>("application/json")
            .Produces<DecisionFeedbackResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Record an impression, click (per item) or conversion of a decision; retries answer duplicate: true.");
        return app;
    }

    private static async Task<IResult> RecordAsync(string decisionId, HttpRequest request, IGrainFactory grains)
    {
        if (decisionId.Length is 0 or > MaxDecisionIdLength || !decisionId.StartsWith("d1_", StringComparison.Ordinal))
        {
            return ApiProblems.Invalid("decisionId", "Not a decision id issued by this cluster (malformed or bad signature).");
        }

        var body = await JsonBody.ReadAsync<FeedbackInput>(request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var input = body.Value!;
        if (input.Type is not { } type)
        {
            return ApiProblems.Invalid("type", "Required: impression, click or conversion.");
        }

        var feedback = new DecisionFeedback(type, input.ItemId, input.OfferId, input.Value, input.At);
        return TypedResults.Ok(await grains.GetGrain<IDecisionGrain>(decisionId).RecordFeedbackAsync(feedback));
    }
}

/// <summary>Body of the feedback endpoint (<see cref="DecisionFeedback"/> with a required type).</summary>
public sealed record FeedbackInput(FeedbackType? Type, string? ItemId = null, string? OfferId = null, decimal? Value = null, DateTimeOffset? At = null);
