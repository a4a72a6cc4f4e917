using PersoActors.Gateway.Http;
using PersoActors.Gateway.Security;
using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Gateway.Decisions;

/// <summary>Experiments admin: define (variants, weights, coverage, target segment), read, and results per variant.</summary>
public static class ExperimentEndpoints
{
    public static IEndpointRouteBuilder MapExperimentEndpoints(this IEndpointRouteBuilder app)
    {
        var experiments = app.MapGroup("/v1/experiments/{id}")
            .RequireAuthorization(ApiRoles.Admin)
            .WithTags("Experiments")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        experiments.MapPut("/", (string id, HttpRequest request, IGrainFactory grains, DecisionSnapshotHolder holder, Microsoft.Extensions.Options.IOptions<DecisionOptions> options) =>
                DecisionConfigEndpoints.PutAsync<ExperimentDefinition>(id, request, holder, e => e.Id, (e, key) => e with { Id = key },
                    e => DecisionConfigEndpoints.Config(grains, options).PutExperimentAsync(e)))
            .Accepts<ExperimentDefinition>("application/json").Produces<ConfigVersion>()
            .WithSummary("Create or replace an experiment (first variant = control). Assignment: FNV-1a hash of seed + customer id, sticky.");
        experiments.MapGet("/", GetAsync)
            .Produces<ExperimentDefinition>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The experiment's definition.");
        experiments.MapGet("/results", ResultsAsync)
            .Produces<ExperimentResults>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Per variant: exposures, conversions, rate, revenue, uplift against the control, z-test p-value.");
        return app;
    }

    private static async Task<IResult> GetAsync(string id, IGrainFactory grains, Microsoft.Extensions.Options.IOptions<DecisionOptions> options)
    {
        var config = await DecisionConfigEndpoints.Config(grains, options).GetConfigAsync();
        return config.Experiments.FirstOrDefault(e => e.Id == id) is { } experiment ? TypedResults.Ok(experiment) : NotFound(id);
    }

    private static async Task<IResult> ResultsAsync(string id, IGrainFactory grains, Microsoft.Extensions.Options.IOptions<DecisionOptions> options)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return NotFound(id); // no experiment can have such an id (and Orleans takes no blank grain key)
        }

        var results = await grains.GetGrain<IExperimentGrain>(id).GetResultsAsync();

        // An experiment deleted after it ran still has results; one never defined nor run has none.
        return results.Variants.Count == 0 ? NotFound(id) : TypedResults.Ok(results);
    }

    private static IResult NotFound(string id) =>
        ApiProblems.Result(StatusCodes.Status404NotFound, "Not found", "id", $"No experiment '{id}'.");
}
