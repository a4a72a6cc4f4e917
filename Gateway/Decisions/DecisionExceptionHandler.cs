using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using PersoActors.Gateway.Http;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Gateway.Decisions;

/// <summary>Answers input a decision component refused (<see cref="DecisionValidationException"/>) with a 400
/// problem+json naming every bad field (<c>field</c> = the first one), instead of a 500.</summary>
internal sealed class DecisionExceptionHandler : IExceptionHandler
{
    private const int MaxListed = 100;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not DecisionValidationException invalid)
        {
            return false;
        }

        await Write(httpContext, invalid.Errors);
        return true;
    }

    public static Task Write(HttpContext context, IReadOnlyList<FieldError> errors) => ApiProblems.WriteAsync(context, Problem(errors));

    public static IResult Result(IReadOnlyList<FieldError> errors) => ApiProblems.Result(Problem(errors));

    private static ProblemDetails Problem(IReadOnlyList<FieldError> errors)
    {
        var first = errors.Count > 0 ? errors[0] : new FieldError("body", "Invalid input.");
        var byField = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var group in errors.Take(MaxListed).GroupBy(e => e.Field, StringComparer.Ordinal))
        {
            byField[group.Key] = [.. group.Select(e => e.Message)];
        }

        if (byField.Count == 0)
        {
            byField[first.Field] = [first.Message];
        }

        var detail = string.Join("; ", errors.Take(5).Select(e => $"{e.Field}: {e.Message}"));
        return new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Invalid request",
            Detail = errors.Count > 5 ? $"{detail}; … ({errors.Count} problems)" : detail,
            Extensions =
            {
                ["field"] = first.Field,
                ["errors"] = byField,
                ["errorCount"] = errors.Count,
            },
        };
    }
}
