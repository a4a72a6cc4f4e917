using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using PersoActors.Gateway.Hosting;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Storage;

namespace PersoActors.Gateway.Http;

/// <summary>The <c>503</c> answers of faults outside the request: the store is unavailable (disk full, read-only,
/// server down), or the grain did not answer within <c>Silo:CallTimeout</c>, or its silo is gone, or the customer's
/// profile is in a merge for a moment. Each is
/// problem+json with a stable <c>type</c>, a <c>reason</c> and <c>Retry-After</c>, so a client can tell "retry later"
/// from a bug (a 500). The change was not acknowledged: a client retries it.</summary>
public static class UnavailableProblems
{
    /// <summary>problem <c>type</c>: the store refused or could not take the change.</summary>
    public const string StoreUnavailableType = "urn:persoactors:problem:store-unavailable";

    /// <summary>problem <c>type</c>: the grain (or its silo) did not answer in time.</summary>
    public const string GrainUnavailableType = "urn:persoactors:problem:grain-unavailable";

    /// <summary>problem <c>type</c>: the customer's profile is in a merge for a moment (<see cref="CustomerMergingException"/>).</summary>
    public const string CustomerMergingType = "urn:persoactors:problem:customer-merging";

    /// <summary>The fault behind <paramref name="error"/>, if it is one this class answers; null otherwise.</summary>
    public static (string Type, string Title, string Reason, string Detail)? Classify(Exception error)
    {
        for (Exception? current = error; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case CustomerMergingException merging:
                    return (CustomerMergingType, "Customer being merged", "merging", merging.Message);
                case StoreUnavailableException store:
                    return (StoreUnavailableType, "Store unavailable", store.Reason, store.Message);
                case TimeoutException:
                    return (GrainUnavailableType, "Grain unavailable", "timeout", "The customer's grain did not answer in time; the change may not be stored.");
                case SiloUnavailableException or OrleansMessageRejectionException:
                    return (GrainUnavailableType, "Grain unavailable", "silo_unavailable", "The silo holding the grain is unavailable; the change may not be stored.");
            }
        }

        return null;
    }

    /// <summary>Writes the 503 for <paramref name="fault"/>, with extra problem members.</summary>
    public static Task WriteAsync(HttpContext context, (string Type, string Title, string Reason, string Detail) fault,
        IDictionary<string, object?>? extensions = null)
    {
        // A store takes a while to come back (space freed, server restarted); a dead silo's customers are served
        // again within seconds.
        var overload = context.RequestServices.GetRequiredService<IOptions<OverloadOptions>>().Value;
        var retryAfter = fault.Type == StoreUnavailableType ? overload.StoreRetryAfter : overload.RetryAfter;
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return ApiProblems.WriteAsync(context, ApiProblems.With(new ProblemDetails
        {
            Type = fault.Type,
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = fault.Title,
            Detail = fault.Detail,
            Extensions = { ["reason"] = fault.Reason },
        }, extensions));
    }
}

/// <summary>Answers the faults of <see cref="UnavailableProblems"/> with a 503 instead of a 500; the cause is logged
/// (once, as a warning: an operator must see a full disk) but never shown to the client.</summary>
internal sealed class UnavailableExceptionHandler(ILogger<UnavailableExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (UnavailableProblems.Classify(exception) is not { } fault)
        {
            return false;
        }

        logger.LogWarning(exception, "{Method} {Path} answered 503 ({Reason})", httpContext.Request.Method, httpContext.Request.Path, fault.Reason);
        await UnavailableProblems.WriteAsync(httpContext, fault);
        return true;
    }
}
