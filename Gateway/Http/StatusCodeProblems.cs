using Microsoft.AspNetCore.WebUtilities;

namespace PersoActors.Gateway.Http;

/// <summary>Answers bodiless error statuses (no route: 404, wrong method: 405, unsupported media type: 415…) with
/// problem+json naming what was wrong, whatever the client's <c>Accept</c> header says: the framework's default
/// negotiates and falls back to text/plain, so a client could not rely on one error format.</summary>
public static class StatusCodeProblems
{
    public static WebApplication UseStatusCodeProblems(this WebApplication app)
    {
        app.UseStatusCodePages(context =>
        {
            var http = context.HttpContext;
            var status = http.Response.StatusCode;
            var (field, message) = status switch
            {
                StatusCodes.Status404NotFound => ("path", $"No resource at {Shorten(http.Request.Path.Value)}."),
                StatusCodes.Status405MethodNotAllowed => ("method", $"{Shorten(http.Request.Method)} is not allowed here."),
                StatusCodes.Status415UnsupportedMediaType => ("Content-Type", "This media type is not accepted here."),
                _ => ("request", ReasonPhrases.GetReasonPhrase(status)),
            };
            return ApiProblems.WriteAsync(http, status, ApiProblems.Title(status), field, message);
        });
        return app;
    }

    /// <summary>Echoes at most 200 characters of client input.</summary>
    private static string Shorten(string? text) =>
        text is null ? "" : text.Length <= 200 ? text : text[..200] + "…";
}
