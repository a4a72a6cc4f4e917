using Microsoft.AspNetCore.Http.Features;
using PersoActors.Gateway.Http;

namespace PersoActors.Gateway.Decisions;

/// <summary>Request bodies of the decision API: optional ones (decisions have defaults for everything) and large
/// catalog uploads.</summary>
internal static class DecisionBodies
{
    /// <summary>Catalog uploads: 100k items of a few hundred bytes each fit comfortably.</summary>
    public const long CatalogLimit = 256L * 1024 * 1024;

    /// <summary>Reads a JSON body, or <paramref name="fallback"/> when the request has none.</summary>
    public static async Task<BodyResult<T>> ReadOptionalAsync<T>(HttpRequest request, Func<T> fallback) where T : class
    {
        var canHaveBody = request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? true;
        if (request.ContentLength == 0 || !canHaveBody)
        {
            return new(fallback(), null);
        }

        return await JsonBody.ReadAsync<T>(request);
    }

    /// <summary>Raises the server's body size limit for this request to <paramref name="limit"/>.</summary>
    public static IResult? AllowLargeBody(HttpRequest request, long limit)
    {
        if (request.ContentLength > limit)
        {
            return ApiProblems.TooLarge(limit);
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        return null;
    }
}
