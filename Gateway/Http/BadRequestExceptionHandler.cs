using Microsoft.AspNetCore.Diagnostics;

namespace PersoActors.Gateway.Http;

/// <summary>Answers a request Kestrel gave up reading (<see cref="BadHttpRequestException"/>: a body trickling in slower
/// than <c>ServerLimits:MinRequestBodyBytesPerSecond</c>, one that ends before its <c>Content-Length</c>, one over the
/// size limit) with its own 4xx as problem+json naming the body, instead of a 500 and an error in the log: the client
/// is at fault, and a client that can fill the error log at will hides the errors that matter.</summary>
internal sealed class BadRequestExceptionHandler(ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || httpContext.Response.HasStarted)
        {
            return false;
        }

        logger.LogInformation("{Method} {Path} answered {Status}: {Reason}", httpContext.Request.Method, httpContext.Request.Path, bad.StatusCode, bad.Message);
        var message = bad.StatusCode switch
        {
            StatusCodes.Status408RequestTimeout => "The body arrived too slowly; the server stopped waiting for it. Nothing was stored.",
            StatusCodes.Status413PayloadTooLarge => "The body is larger than this server accepts.",
            _ => $"The body could not be read: {bad.Message}",
        };
        await ApiProblems.WriteAsync(httpContext, bad.StatusCode, ApiProblems.Title(bad.StatusCode), "body", message);
        return true;
    }
}
