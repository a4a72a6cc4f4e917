using Microsoft.AspNetCore.Mvc;

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

    public static IResult Result(int status, string title, string field, string message, IDictionary<string, object?>? extensions = null)
    {
        var problem = Create(status, title, field, message);
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
        {
            problem.Extensions[key] = value;
        }

        return TypedResults.Problem(problem);
    }

    public static Task Write(HttpContext context, int status, string title, string field, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(Create(status, title, field, message), (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
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
