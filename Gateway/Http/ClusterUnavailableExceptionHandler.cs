using Microsoft.AspNetCore.Diagnostics;

namespace PersoActors.Gateway.Http;

/// <summary>Answers a grain call that failed because the cluster could not reach the customer's silo (it died, the
/// call timed out, no silo is up) with a 503 and <c>Retry-After</c>, not a 500: the request was fine and a retry in a
/// moment will find the customer on a live silo.</summary>
internal sealed class ClusterUnavailableExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsClusterUnavailable(exception))
        {
            return false;
        }

        httpContext.Response.Headers.RetryAfter = "1";
        await ApiProblems.Write(httpContext, StatusCodes.Status503ServiceUnavailable, "Cluster unavailable", "cluster",
            "The silo holding this customer could not be reached (it may have just stopped); the call may or may not have taken effect. Retry shortly.");
        return true;
    }

    private static bool IsClusterUnavailable(Exception exception) => exception switch
    {
        OrleansMessageRejectionException or TimeoutException => true,
        AggregateException { InnerExceptions: [var inner] } => IsClusterUnavailable(inner),
        _ => false,
    };
}
