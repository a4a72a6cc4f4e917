using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using PersoActors.Gateway.Http;

namespace PersoActors.Gateway.Security;

/// <summary>The roles an API key can have, which are also the names of the authorization policies:
/// <c>.RequireAuthorization(ApiRoles.Admin)</c> (or <c>"admin"</c>).</summary>
public static class ApiRoles
{
    /// <summary>A site: events, consents, preferences, context, profile reads, decisions.</summary>
    public const string Site = "site";

    /// <summary>Everything a site may do, plus export, erasure, merge, catalog, experiments and cluster.</summary>
    public const string Admin = "admin";
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

/// <summary>Authenticates requests by their <c>X-Api-Key</c> header. No key → 401, an unknown key →
/// 401, a key without the needed role → 403, each as problem+json.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<ApiKeyOptions> keys) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var presented) || string.IsNullOrEmpty(presented))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var presentedBytes = Encoding.UTF8.GetBytes(presented.ToString());
        var match = keys.CurrentValue.ApiKeys.FirstOrDefault(k =>
            k.Key.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(k.Key), presentedBytes));
        if (match is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }

        Context.Features.Set(new ApiKeyFeature(match));
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Role, match.Role)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{HeaderName}\"";
        var missing = !Request.Headers.ContainsKey(HeaderName);
        return ApiProblems.Write(Context, StatusCodes.Status401Unauthorized, "Unauthorized", HeaderName,
            missing ? $"An API key is required in the {HeaderName} header." : "The API key is not valid.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.Write(Context, StatusCodes.Status403Forbidden, "Forbidden", HeaderName,
            "This API key's role does not allow this operation (it needs an admin key).");
}

/// <summary>Registers API-key authentication and the <c>site</c> and <c>admin</c> policies.</summary>
public static class ApiKeyAuthenticationExtensions
{
    public static WebApplicationBuilder AddApiKeyAuthorization(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiKeyOptions>().BindConfiguration("Auth");
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ApiRoles.Site, policy => policy.RequireRole(ApiRoles.Site, ApiRoles.Admin))
            .AddPolicy(ApiRoles.Admin, policy => policy.RequireRole(ApiRoles.Admin));
        return builder;
    }
}
