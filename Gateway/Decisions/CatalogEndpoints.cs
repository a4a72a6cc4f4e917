using PersoActors.Gateway.Http;
using PersoActors.Gateway.Security;
using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Gateway.Decisions;

/// <summary>The catalog admin API: JSON batch and JSONL uploads, item removal, and what this gateway serves.</summary>
public static class CatalogEndpoints
{
    public static IEndpointRouteBuilder MapCatalogEndpoints(this IEndpointRouteBuilder app)
    {
        var catalog = app.MapGroup("/v1/catalog")
            .RequireAuthorization(ApiRoles.Admin)
            .WithTags("Catalog")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

        catalog.MapPut("/items", UpsertBatchAsync)
            .Accepts<CatalogUploadRequest>("application/json")
            .Produces<CatalogUploadResult>()
            .WithSummary("Insert or replace items (a JSON batch {\"items\":[…]} or a bare array; all or nothing; ≤ 200k items).");
        catalog.MapPost("/import", ImportJsonLinesAsync)
            .Produces<CatalogUploadResult>()
            .WithSummary("Insert or replace items from JSONL (application/x-ndjson), one item per line (all or nothing; errors name the line).");
        catalog.MapDelete("/items/{itemId}", RemoveAsync)
            .Produces<CatalogUploadResult>()
            .WithSummary("Remove an item (unknown ids are ignored).");
        catalog.MapGet("/", (DecisionSnapshotHolder holder) =>
            {
                var snapshot = holder.Current;
                return new CatalogStatus(snapshot.Catalog.Version, snapshot.Catalog.Items.Length, snapshot.Catalog.CategoryCount,
                    snapshot.Catalog.BrandCount, snapshot.Signals.Version);
            })
            .Produces<CatalogStatus>()
            .WithSummary("The catalog and item-signals versions this gateway serves decisions from.");
        return app;
    }

    private static async Task<IResult> UpsertBatchAsync(HttpRequest request, IGrainFactory grains, DecisionSnapshotHolder holder, Microsoft.Extensions.Options.IOptions<DecisionOptions> options)
    {
        var (text, problem) = await ReadTextAsync(request, jsonLines: false);
        return problem ?? await UpsertAsync(CatalogParser.ParseBatch(text!), grains, holder, options.Value, request.HttpContext.RequestAborted);
    }

    private static async Task<IResult> ImportJsonLinesAsync(HttpRequest request, IGrainFactory grains, DecisionSnapshotHolder holder, Microsoft.Extensions.Options.IOptions<DecisionOptions> options)
    {
        var (text, problem) = await ReadTextAsync(request, jsonLines: true);
        return problem ?? await UpsertAsync(CatalogParser.ParseJsonLines(new StringReader(text!)), grains, holder, options.Value, request.HttpContext.RequestAborted);
    }

    private static async Task<IResult> RemoveAsync(string itemId, IGrainFactory grains, DecisionSnapshotHolder holder, Microsoft.Extensions.Options.IOptions<DecisionOptions> options)
    {
        var result = await grains.GetGrain<ICatalogGrain>(options.Value.Key).RemoveItemsAsync([itemId]);
        await holder.RefreshAsync();
        return TypedResults.Ok(result);
    }

    private static async Task<IResult> UpsertAsync(IReadOnlyList<CatalogItem> items, IGrainFactory grains, DecisionSnapshotHolder holder, DecisionOptions options, CancellationToken cancellationToken)
    {
        var result = await grains.GetGrain<ICatalogGrain>(options.Key).UpsertItemsAsync(items);

        // Read-your-writes on this gateway: answer once its snapshot holds the upload (other silos poll within
        // Decisions:RefreshInterval).
        await holder.RefreshAsync(cancellationToken);
        return TypedResults.Ok(result);
    }

    private static async Task<(string? Text, IResult? Problem)> ReadTextAsync(HttpRequest request, bool jsonLines)
    {
        if (DecisionBodies.AllowLargeBody(request, DecisionBodies.CatalogLimit) is { } tooLarge)
        {
            return (null, tooLarge);
        }

        using var body = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, ApiProblems.TooLarge(DecisionBodies.CatalogLimit));
        }

        var (text, line, offset) = Utf8Body.Decode(body.GetBuffer().AsSpan(0, (int)body.Length));
        if (text is null)
        {
            return (null, ApiProblems.Invalid(jsonLines ? $"line {line}" : "body", $"Not valid UTF-8 (line {line}, byte {offset}); send the upload as UTF-8."));
        }

        return string.IsNullOrWhiteSpace(text)
            ? (null, ApiProblems.Invalid("items", "A body with at least one item is required."))
            : (text, null);
    }
}
