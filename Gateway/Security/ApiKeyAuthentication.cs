using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using PersoActors.Gateway.Http;

namespace PersoActors.Gateway.Security;

/// <summary>The roles an API key can have, which are also the policy names endpoints require:
/// <c>.RequireAuthorization(ApiRoles.Admin)</c> (or <c>"admin"</c>); see <see cref="ApiKeyAuthorization"/>.</summary>
public static class ApiRoles
{
    /// <summary>A site: events, consents, preferences, context, profile reads, decisions.</summary>
    public const string Site = "site";

    /// <summary>Everything a site may do, plus export, erasure, merge, catalog, experiments and cluster.</summary>
    public const string Admin = "admin";

    /// <summary>Every role, for the settings that name one.</summary>
    internal static readonly string[] All = [Site, Admin];

    /// <summary>The roles as a settings message lists them.</summary>
    internal const string Listed = $"'{Site}' or '{Admin}'";
}

/// <summary>The API keys, bound from the <c>Auth</c> configuration section.</summary>
public sealed class ApiKeyOptions
{
    public List<ApiKeyEntry> ApiKeys { get; set; } = [];
}

/// <summary>One API key and its role (<c>site</c> or <c>admin</c>).</summary>
public sealed class ApiKeyEntry
{
    public string Key { get; set; } = "";

    public string Role { get; set; } = ApiRoles.Site;

    /// <summary>This key's own rate limit (requests/s), overriding its role's (<see cref="KeyRateLimitOptions.Roles"/>).</summary>
    public double? PermitsPerSecond { get; set; }

    /// <summary>This key's own burst, with <see cref="PermitsPerSecond"/> (default: one second's worth).</summary>
    public int? Burst { get; set; }
}

/// <summary>Authenticates requests by their API key, given as the <c>X-Api-Key</c> header, as
/// <c>Authorization: Bearer KEY</c> (what a Prometheus scrape config sends) or as the password of
/// <c>Authorization: Basic</c> (what a browser sends after its sign-in prompt; the user name is ignored). A known key
/// makes the request's user a principal in the key's role; no key → 401, an unknown key → 401, a key without the
/// needed role → 403, each as problem+json (<see cref="ApiKeyAuthorization"/>). Under the
/// <see cref="BrowserSignInPaths"/> the 401 challenges with <c>Basic</c>, so a browser asks for the key.</summary>
/// <remarks>A middleware instead of an ASP.NET authentication handler: the same outcome without the authentication
/// service's per-request handler instance, scheme lookups, claims-transformation set and tasks, which were ~15% of
/// what a recommendation request allocated.</remarks>
internal static class ApiKeyAuthentication
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    /// <summary>Paths whose 401 asks a browser to sign in (HTTP Basic, the API key as password).</summary>
    public static readonly PathString[] BrowserSignInPaths = ["/dashboard"];

    public static Task AuthenticateAsync(HttpContext context, KnownKeys keys, RequestDelegate next)
    {
        if (PresentedKey(context.Request) is { Length: > 0 } presented && keys.Find(presented) is { } key)
        {
            context.User = key.Principal;
            context.Features.Set(key.Feature);
        }

        return next(context);
    }

    public static Task ChallengeAsync(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = IsBrowserSignInPath(context.Request.Path)
            ? "Basic realm=\"PersoActors operators (password: admin API key)\", charset=\"UTF-8\""
            : $"{SchemeName} header=\"{HeaderName}\", Bearer";
        var missing = PresentedKey(context.Request) is not { Length: > 0 };
        return ApiProblems.WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", HeaderName,
            missing ? $"An API key is required in the {HeaderName} header (or as Authorization: Bearer)." : "The API key is not valid.");
    }

    public static Task ForbidAsync(HttpContext context) =>
        ApiProblems.WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden", HeaderName,
            "This API key's role does not allow this operation (it needs an admin key).");

    /// <summary>The key from <c>X-Api-Key</c>, else from <c>Authorization: Bearer</c> or <c>Basic</c>; null when none.</summary>
    internal static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue(HeaderName, out var header) && !string.IsNullOrEmpty(header))
        {
            return header.ToString();
        }

        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        return authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)
            ? BasicPassword(authorization["Basic ".Length..].Trim())
            : null;
    }

    private static string? BasicPassword(string encoded)
    {
        try
        {
            var credentials = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            var colon = credentials.IndexOf(':');
            return colon < 0 ? null : credentials[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static bool IsBrowserSignInPath(PathString path)
    {
        foreach (var prefix in BrowserSignInPaths)
        {
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>The configured keys as UTF-8 bytes, encoded once per configuration (not twice per key per request) and
/// again when it is reloaded, each with its principal built once too (nothing in the pipeline changes a principal).
/// Every key is compared in fixed time, so the answer's timing does not tell how much of a key was right.</summary>
internal sealed class KnownKeys(IOptionsMonitor<ApiKeyOptions> options)
{
    private Encoded? encoded;

    public KnownKey? Find(string presented)
    {
        var current = options.CurrentValue;
        var known = encoded;
        if (known is null || !ReferenceEquals(known.Options, current))
        {
            encoded = known = new Encoded(current, [.. current.ApiKeys.Where(k => k.Key.Length > 0).Select(k => new KnownKey(k))]);
        }

        return Match(known.Keys, presented);
    }

    private static KnownKey? Match(KnownKey[] keys, string presented)
    {
        Span<byte> buffer = stackalloc byte[256];
        var length = Encoding.UTF8.GetMaxByteCount(presented.Length) <= buffer.Length
            ? Encoding.UTF8.GetBytes(presented, buffer)
            : -1;
        var presentedBytes = length >= 0 ? buffer[..length] : Encoding.UTF8.GetBytes(presented);
        KnownKey? match = null;
        foreach (var key in keys)
        {
            if (CryptographicOperations.FixedTimeEquals(key.Bytes, presentedBytes) && match is null)
            {
                match = key;
            }
        }

        return match;
    }

    private sealed record Encoded(ApiKeyOptions Options, KnownKey[] Keys);
}

/// <summary>A configured key, its UTF-8 bytes and what authenticating with it yields.</summary>
internal sealed class KnownKey(ApiKeyEntry entry)
{
    public byte[] Bytes { get; } = Encoding.UTF8.GetBytes(entry.Key);

    public ApiKeyFeature Feature { get; } = new(entry);

    public ClaimsPrincipal Principal { get; } =
        new(new ClaimsIdentity([new Claim(ClaimTypes.Role, entry.Role)], ApiKeyAuthentication.SchemeName));
}

/// <summary>Registers API-key authentication and authorization.</summary>
public static class ApiKeyAuthenticationExtensions
{
    /// <summary>The keys of the gateway's appsettings.json, for trying it out.</summary>
    private static readonly string[] DevelopmentKeys = ["dev-site-key", "dev-admin-key"];

    public static WebApplicationBuilder AddApiKeyAuthorization(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiKeyOptions>().BindConfiguration("Auth").ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ApiKeyOptions>, ApiKeyOptionsValidator>();
        builder.Services.AddSingleton<KnownKeys>();
        builder.Services.AddSingleton<EndpointRoles>();
        // The endpoints' authorization metadata is enforced by ApiKeyAuthorization, not by ASP.NET's middleware, whose
        // absence the endpoint middleware would otherwise report as a misconfiguration (there is no CORS or
        // antiforgery metadata that this check also covers).
        builder.Services.Configure<RouteOptions>(options => options.SuppressCheckForUnhandledSecurityMetadata = true);
        return builder;
    }

    /// <summary>Authenticates each request by its API key (see <see cref="ApiKeyAuthentication"/>); before the key
    /// rate limits and authorization.</summary>
    public static WebApplication UseApiKeyAuthentication(this WebApplication app)
    {
        var published = app.Services.GetRequiredService<IOptions<ApiKeyOptions>>().Value.ApiKeys
            .Where(k => DevelopmentKeys.Contains(k.Key)).Select(k => k.Key).ToArray();
        if (published.Length > 0)
        {
            app.Logger.LogWarning("The gateway accepts the development API keys {Keys}, published in its appsettings.json: set " +
                "Auth:ApiKeys (Auth__ApiKeys__0__Key=…) before it serves real traffic.", string.Join(", ", published));
        }

        var keys = app.Services.GetRequiredService<KnownKeys>();
        app.Use(next => context => ApiKeyAuthentication.AuthenticateAsync(context, keys, next));
        return app;
    }

    /// <summary>Checks the key's role against the endpoint's requirement (see <see cref="ApiKeyAuthorization"/>); after
    /// authentication and the key rate limits.</summary>
    public static WebApplication UseApiKeyAuthorization(this WebApplication app)
    {
        var roles = app.Services.GetRequiredService<EndpointRoles>();
        app.Use(next => context => ApiKeyAuthorization.AuthorizeAsync(context, roles, next));
        return app;
    }
}
