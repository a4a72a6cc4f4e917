using PersoActors.Gateway.Http;
using PersoActors.Gateway.Security;
using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Gateway.Decisions;

/// <summary>Admin API of the decision configuration: segments, offers (rules), content blocks, and deletion of any
/// definition. A change is validated whole, persisted, and served by this gateway before the answer.</summary>
public static class DecisionConfigEndpoints
{
    /// <summary>Route segment → kind understood by <see cref="IDecisionConfigGrain.DeleteAsync"/>.</summary>
    private static readonly Dictionary<string, string> Kinds = new(StringComparer.Ordinal)
    {
        ["segments"] = "segment",
        ["offers"] = "offer",
        ["content-blocks"] = "content_block",
        ["experiments"] = "experiment",
    };

    public static IEndpointRouteBuilder MapDecisionConfigEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/v1")
            .RequireAuthorization(ApiRoles.Admin)
            .WithTags("Decision rules")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        admin.MapPut("/segments/{id}", (string id, HttpRequest request, IGrainFactory grains, DecisionSnapshotHolder holder, Microsoft.Extensions.Options.IOptions<DecisionOptions> options) =>
                PutAsync<SegmentDefinition>(id, request, holder, s => s.Id, (s, key) => s with { Id = key },
                    s => Config(grains, options).PutSegmentAsync(s)))
            .Accepts<SegmentDefinition>("application/json").Produces<ConfigVersion>()
            .WithSummary("Create or replace a segment (a rule over the customer's facts, evaluated on every decision).");
        admin.MapPut("/offers/{id}", (string id, HttpRequest request, IGrainFactory grains, DecisionSnapshotHolder holder, Microsoft.Extensions.Options.IOptions<DecisionOptions> options) =>
                PutAsync<OfferDefinition>(id, request, holder, o => o.Id, (o, key) => o with { Id = key },
                    o => Config(grains, options).PutOfferAsync(o)))
            .Accepts<OfferDefinition>("application/json").Produces<ConfigVersion>()
            .WithSummary("Create or replace an offer rule (channels, condition, segments, priority, daily cap, marketing consent).");
        admin.MapPut("/content-blocks/{id}", (string id, HttpRequest request, IGrainFactory grains, DecisionSnapshotHolder holder, Microsoft.Extensions.Options.IOptions<DecisionOptions> options) =>
                PutAsync<ContentBlockDefinition>(id, request, holder, b => b.Id, (b, key) => b with { Id = key },
                    b => Config(grains, options).PutContentBlockAsync(b)))
            .Accepts<ContentBlockDefinition>("application/json").Produces<ConfigVersion>()
            .WithSummary("Create or replace a content block of the experience.");
        admin.MapDelete("/{kind:regex(^(segments|offers|content-blocks|experiments)$)}/{id}", DeleteAsync)
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Delete a segment, offer, content block or experiment definition (a segment in use cannot be deleted).");
        admin.MapGet("/decision-config", (IGrainFactory grains, Microsoft.Extensions.Options.IOptions<DecisionOptions> options) => Config(grains, options).GetConfigAsync())
            .Produces<DecisionConfig>()
            .WithSummary("Every segment, offer, content block and experiment definition at the current version.");
        return app;
    }

    internal static IDecisionConfigGrain Config(IGrainFactory grains, Microsoft.Extensions.Options.IOptions<DecisionOptions> options) =>
        grains.GetGrain<IDecisionConfigGrain>(options.Value.Key);

    /// <summary>Reads a definition whose id may be left out of the body (the path names it), stores it, and waits
    /// until this gateway serves the new version.</summary>
    internal static async Task<IResult> PutAsync<T>(string id, HttpRequest request, DecisionSnapshotHolder holder,
        Func<T, string?> idOf, Func<T, string, T> withId, Func<T, Task<long>> put) where T : class
    {
        var body = await JsonBody.ReadAsync<T>(request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var definition = body.Value!;
        var bodyId = idOf(definition);
        if (bodyId is not null && !string.Equals(bodyId, id, StringComparison.Ordinal))
        {
            return ApiProblems.Invalid("id", $"Must match the id in the path ('{id}'), or be left out.");
        }

        var version = await put(bodyId is null ? withId(definition, id) : definition);
        await holder.RefreshAsync(request.HttpContext.RequestAborted);
        return TypedResults.Ok(new ConfigVersion(version));
    }

    private static async Task<IResult> DeleteAsync(string kind, string id, IGrainFactory grains, DecisionSnapshotHolder holder, Microsoft.Extensions.Options.IOptions<DecisionOptions> options)
    {
        if (!await Config(grains, options).DeleteAsync(Kinds[kind], id))
        {
            return ApiProblems.Result(StatusCodes.Status404NotFound, "Not found", "id", $"No {Kinds[kind].Replace('_', ' ')} '{id}'.");
        }

        await holder.RefreshAsync();
        return TypedResults.NoContent();
    }
}

/// <summary>The decision configuration version after a change.</summary>
public sealed record ConfigVersion(long Version);
