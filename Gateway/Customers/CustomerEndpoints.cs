using PersoActors.Gateway.Hosting;
using System.Text.Json;
using PersoActors.Gateway.Http;
using PersoActors.Gateway.Security;
using PersoActors.Grains.Customers;
using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Gateway.Customers;

/// <summary>The customer API: <c>/v1/customers/{id}/...</c> and <c>/v1/events</c>.</summary>
public static class CustomerEndpoints
{
    public static IEndpointRouteBuilder MapCustomerEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/events", TrackAcrossCustomersAsync)
            .RequireAuthorization(ApiRoles.Site)
            .Accepts<EventBatchRequest>("application/json")
            .Produces<BatchTrackResult>()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithTags("Events")
            .WithSummary("Track a batch of events across customers (≤ 500), routed to their grains in parallel. "
                + "Prefer: durability=relaxed acknowledges once queued for the store (bounded loss window). "
                + "Idempotency-Key: a retry of a stored batch answers duplicate: true instead of storing it again.");

        var site = app.MapGroup("/v1/customers/{id}")
            .RequireAuthorization(ApiRoles.Site)
            .AddEndpointFilter(ValidateCustomerId)
            .WithTags("Customers")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        site.MapPost("/events", TrackAsync)
            .Accepts<EventBatchRequest>("application/json")
            .Produces<TrackEventsResult>()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Track a batch of the customer's events (≤ 500). Without analytics consent they are dropped. "
                + "Prefer: durability=relaxed acknowledges once queued for the store (bounded loss window). "
                + "Idempotency-Key: a retry of a stored batch answers duplicate: true instead of storing it again.");
        site.MapGet("/", (string id, IGrainFactory grains) => Grain(grains, id).GetProfileAsync())
            .WithSummary("The customer's profile.");

        site.MapGet("/consents", async (string id, IGrainFactory grains) => ToResponse(await Grain(grains, id).GetConsentsAsync()))
            .WithSummary("The customer's consents.");
        site.MapPut("/consents", (string id, HttpRequest request, IGrainFactory grains) => ChangeConsentsAsync(id, request, grains, replaceAll: true))
            .Accepts<ConsentsRequest>("application/json").Produces<ConsentsResponse>()
            .WithSummary("Replace all consents (purposes left out become not granted).");
        site.MapPatch("/consents", (string id, HttpRequest request, IGrainFactory grains) => ChangeConsentsAsync(id, request, grains, replaceAll: false))
            .Accepts<ConsentsRequest>("application/json").Produces<ConsentsResponse>()
            .WithSummary("Change some consents.");

        site.MapGet("/preferences", (string id, IGrainFactory grains) => Grain(grains, id).GetPreferencesAsync())
            .WithSummary("The customer's explicit preferences.");
        site.MapPut("/preferences", ReplacePreferencesAsync)
            .Accepts<PreferencesInput>("application/json").Produces<Preferences>()
            .WithSummary("Replace all preferences (fields left out are cleared).");
        site.MapPatch("/preferences", PatchPreferencesAsync)
            .Accepts<PreferencesInput>("application/merge-patch+json", "application/json").Produces<Preferences>()
            .WithSummary("Change some preferences (JSON merge patch: null clears a field or a custom key).");

        site.MapPut("/context", SetContextAsync)
            .Accepts<ContextInput>("application/json").Produces<ContextResult>()
            .WithSummary("Replace the latest context; a new sessionId starts a new session.");

        var admin = app.MapGroup("/v1/customers/{id}")
            .RequireAuthorization(ApiRoles.Admin)
            .AddEndpointFilter(ValidateCustomerId)
            .WithTags("Privacy")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        admin.MapGet("/export", (string id, IGrainFactory grains) => Grain(grains, id).ExportAsync())
            .WithSummary("Every stored field of the profile (access/portability).");
        admin.MapDelete("/", async (string id, IGrainFactory grains) =>
            {
                await Grain(grains, id).EraseAsync();
                return Results.NoContent();
            })
            .Produces(StatusCodes.Status204NoContent)
            .WithSummary("Erase the profile: its record is deleted and scrubbed from the store.");
        admin.MapPost("/merge", MergeAsync)
            .Accepts<MergeRequest>("application/json").Produces<MergeResult>()
            .WithSummary("Fold an anonymous profile into this known one, then erase the anonymous one.");
        return app;
    }

    private static ICustomerGrain Grain(IGrainFactory grains, string id) => grains.GetStringKeyGrain<ICustomerGrain>(id);

    private static ValueTask<object?> ValidateCustomerId(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        RequestValidation.CheckCustomerId(context.HttpContext.GetRouteValue("id") as string) is { } problem
            ? ValueTask.FromResult<object?>(problem)
            : next(context);

    private static async Task<IResult> TrackAsync(string id, HttpRequest request, IGrainFactory grains, TimeProvider time)
    {
        var (read, problem) = await EventRequest.ReadAsync(request, id, time);
        if (problem is not null)
        {
            return problem;
        }

        var (events, durability, key, fingerprint) = read!.Value;

        TrackEventsResult result;
        try
        {
            result = await TrackOnGrainAsync(grains, id, events.ConvertAll(e => e.Event), durability, key, fingerprint);
        }
        catch (EventBatchKeyReusedException reused)
        {
            return IdempotencyKeyHeader.Reused(reused.Key);
        }

        DurabilityPreference.Applied(request.HttpContext.Response, durability);
        return TypedResults.Ok(result);
    }

    private static async Task<IResult> TrackAcrossCustomersAsync(HttpRequest request, IGrainFactory grains, TimeProvider time)
    {
        var (read, problem) = await EventRequest.ReadAsync(request, pathCustomerId: null, time);
        if (problem is not null)
        {
            return problem;
        }

        var (events, durability, key, fingerprint) = read!.Value;

        // One key for the whole request: each customer remembers it for its own part, so a retry of a batch that was
        // stored for some customers only stores the rest.
        var calls = events
            .GroupBy(e => e.CustomerId, StringComparer.Ordinal)
            .Select(async group =>
            {
                try
                {
                    var result = await TrackOnGrainAsync(grains, group.Key, group.Select(e => e.Event).ToArray(), durability, key, fingerprint);
                    return (Result: new CustomerTrackResult(group.Key, result.Accepted, result.Dropped, result.DropReason, result.Duplicate), Fault: (Exception?)null);
                }
                catch (Exception error) when (error is EventBatchKeyReusedException || UnavailableProblems.Classify(error) is not null)
                {
                    return (Result: new CustomerTrackResult(group.Key, 0, 0, null), Fault: error);
                }
            })
            .ToArray();
        var outcomes = await Task.WhenAll(calls);
        if (Array.Find(outcomes, o => o.Fault is not null).Fault is { } fault)
        {
            // Each customer's events are stored whole or not at all, but customers are independent: say which were
            // stored, so a client retries only the others instead of duplicating events.
            var stored = new Dictionary<string, object?>
            {
                ["stored"] = outcomes.Where(o => o.Fault is null).Select(o => o.Result).ToArray(),
                ["notStored"] = outcomes.Where(o => o.Fault is not null).Select(o => o.Result.CustomerId).ToArray(),
            };
            if (Array.Find(outcomes, o => o.Fault is EventBatchKeyReusedException).Fault is EventBatchKeyReusedException reused)
            {
                return IdempotencyKeyHeader.Reused(reused.Key, stored);
            }

            await UnavailableProblems.WriteAsync(request.HttpContext, UnavailableProblems.Classify(fault)!.Value, stored);
            return Results.Empty;
        }

        var results = Array.ConvertAll(outcomes, o => o.Result);
        DurabilityPreference.Applied(request.HttpContext.Response, durability);
        return TypedResults.Ok(new BatchTrackResult(results.Sum(r => r.Accepted), results.Sum(r => r.Dropped), results));
    }

    /// <summary>Tracks on the customer's grain; a merged anonymous id answers where its events go now
    /// (<c>Customers:MergedIdForwarding</c>), and they are sent there, following a few merges at most (anonymous →
    /// known → a later merge of that one).</summary>
    private static async Task<TrackEventsResult> TrackOnGrainAsync(
        IGrainFactory grains, string id, IReadOnlyList<BehaviourEvent> events, EventDurability durability, string? key, ulong fingerprint)
    {
        const int MaxForwardingHops = 4;
        var result = await Track(id);
        for (var hop = 0; result.MergedInto is { } mergedInto && hop < MaxForwardingHops; hop++)
        {
            result = await Track(mergedInto);
        }

        // Where an id forwards to is the merging site's knowledge, not an answer to give with every event.
        return result.MergedInto is null ? result : result with { MergedInto = null };

        Task<TrackEventsResult> Track(string customerId) => key is null
            ? Grain(grains, customerId).TrackEventsAsync(events, durability)
            : Grain(grains, customerId).TrackEventsAsync(events, durability, new EventBatchKey(key, fingerprint));
    }

    private static async Task<IResult> ChangeConsentsAsync(string id, HttpRequest request, IGrainFactory grains, bool replaceAll)
    {
        var body = await JsonBody.ReadAsync<ConsentsRequest>(request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var (change, problem) = RequestValidation.Consents(body.Value!, replaceAll);
        if (problem is not null)
        {
            return problem;
        }

        var result = await Grain(grains, id).ChangeConsentsAsync(change!);
        return TypedResults.Ok(ToResponse(result.Consents) with { Purges = result.Purges });
    }

    private static async Task<IResult> ReplacePreferencesAsync(string id, HttpRequest request, IGrainFactory grains)
    {
        var body = await JsonBody.ReadAsync<PreferencesInput>(request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var preferences = RequestValidation.Preferences(body.Value!);
        if (PreferenceRules.Check(preferences) is { } broken)
        {
            return ApiProblems.Invalid(broken.Field, broken.Message);
        }

        return TypedResults.Ok(await Grain(grains, id).ReplacePreferencesAsync(preferences));
    }

    private static async Task<IResult> PatchPreferencesAsync(string id, HttpRequest request, IGrainFactory grains)
    {
        var body = await JsonBody.ReadAsync<Dictionary<string, JsonElement>>(request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var (patch, field, error) = PreferencesPatchReader.Read(body.Value!);
        if (patch is null)
        {
            return ApiProblems.Invalid(field!, error!);
        }

        // The grain checks the merged result too (e.g. the custom size limit) and changes nothing if it fails.
        return TypedResults.Ok(await Grain(grains, id).PatchPreferencesAsync(patch));
    }

    private static async Task<IResult> SetContextAsync(string id, HttpRequest request, IGrainFactory grains)
    {
        var body = await JsonBody.ReadAsync<ContextInput>(request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var (context, problem) = RequestValidation.Context(body.Value!);
        return problem ?? TypedResults.Ok(await Grain(grains, id).SetContextAsync(context!));
    }

    private static async Task<IResult> MergeAsync(string id, HttpRequest request, IGrainFactory grains)
    {
        var body = await JsonBody.ReadAsync<MergeRequest>(request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var anonymousId = body.Value!.AnonymousId;
        if (RequestValidation.CheckCustomerId(anonymousId, "anonymousId") is { } problem)
        {
            return problem;
        }

        if (anonymousId == id)
        {
            return ApiProblems.Invalid("anonymousId", "A profile cannot be merged into itself.");
        }

        return TypedResults.Ok(await CustomerMerge.MergeAsync(grains, id, anonymousId!));
    }

    private static ConsentsResponse ToResponse(IReadOnlyList<ConsentRecord> consents) => new(
        consents.ToDictionary(
            c => JsonNamingPolicy.SnakeCaseLower.ConvertName(c.Purpose.ToString()),
            c => new ConsentState(c.Status, c.UpdatedAt, c.Source)));
}
