using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace PersoActors.Gateway.Http;

/// <summary>problem+json answers that name the offending field.</summary>
public static class ApiProblems
{
    /// <summary>400 naming <paramref name="field"/>.</summary>
    public static IResult Invalid(string field, string message) =>
        Result(StatusCodes.Status400BadRequest, "Invalid request", field, message);

    /// <summary>413: the body is larger than <paramref name="limit"/> bytes.</summary>
    public static IResult TooLarge(long limit) =>
        Result(StatusCodes.Status413PayloadTooLarge, "Request body too large", "body", $"The body must be at most {limit} bytes.");

    public static IResult Result(int status, string title, string field, string message, IDictionary<string, object?>? extensions = null) =>
        Result(With(Create(status, title, field, message), extensions));

    /// <summary>Writes the problem naming <paramref name="field"/> outside an endpoint (middleware, exception handlers).</summary>
    public static Task WriteAsync(HttpContext context, int status, string title, string field, string message) =>
        WriteAsync(context, Create(status, title, field, message));

    /// <summary>Writes <paramref name="problem"/> the way an endpoint's problem result is written, so every problem
    /// the gateway answers has the same members (<c>type</c> from the status when it has none, <c>traceId</c>).</summary>
    public static Task WriteAsync(HttpContext context, ProblemDetails problem) => Result(problem).ExecuteAsync(context);

    /// <summary>The endpoint result answering <paramref name="problem"/>; it always has a <c>type</c>.</summary>
    public static IResult Result(ProblemDetails problem)
    {
        var result = TypedResults.Problem(problem); // fills in the type of the statuses ASP.NET Core knows
        problem.Type ??= "about:blank"; // RFC 9457: no meaning beyond the status (429, for one)
        return result;
    }

    /// <summary>The status's reason phrase as a problem title ("Request Timeout"); "Error" for a status without one.</summary>
    public static string Title(int status) => ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";

    /// <summary><paramref name="problem"/> with <paramref name="extensions"/> added to its members.</summary>
    public static ProblemDetails With(ProblemDetails problem, IDictionary<string, object?>? extensions)
    {
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
        {
            problem.Extensions[key] = value;
        }

        return problem;
    }

    private static ProblemDetails Create(int status, string title, string field, string message) => Named(status, title,
        // A member named "" (or only spaces) is still an error of the body: name that, not an empty field.
        string.IsNullOrWhiteSpace(field) ? "body" : field,
        string.IsNullOrWhiteSpace(field) ? $"{message} (member name '{field}')" : message);

    private static ProblemDetails Named(int status, string title, string field, string message) => new()
    {
        Status = status,
        Title = title,
        Detail = $"{field}: {message}",
        Extensions =
        {
            ["field"] = field,
            ["errors"] = new Dictionary<string, string[]> { [field] = [message] },
        },
    };
}
