using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authorization;

namespace PersoActors.Gateway.Security;

/// <summary>Checks the request's API-key role against what its endpoint requires: <c>.RequireAuthorization(ApiRoles.Site)</c>
/// (a site or an admin key), <c>.RequireAuthorization(ApiRoles.Admin)</c>, roles named in an <see cref="IAuthorizeData"/>,
/// or just a valid key for a plain <c>.RequireAuthorization()</c>. No valid key → 401, a key without the role → 403, both
/// problem+json; endpoints without authorization metadata, or with <see cref="IAllowAnonymous"/>, are open.</summary>
/// <remarks>Instead of ASP.NET's authorization middleware, which for every request resolved its transient services from
/// a new request service scope and evaluated the policy through tasks, enumerators and a handler context: about an
/// eighth of what a recommendation request allocated. Metadata this check does not understand (policy objects,
/// requirement data, unknown policy names) fails the request instead of leaving the endpoint open.</remarks>
internal static class ApiKeyAuthorization
{
    public static Task AuthorizeAsync(HttpContext context, EndpointRoles roles, RequestDelegate next)
    {
        if (context.GetEndpoint() is not { } endpoint || roles.For(endpoint) is not { } required)
        {
            return next(context);
        }

        if (context.Features.Get<ApiKeyFeature>() is not { } key)
        {
            return ApiKeyAuthentication.ChallengeAsync(context);
        }

        return required.Allows(key.Entry.Role) ? next(context) : ApiKeyAuthentication.ForbidAsync(context);
    }
}

/// <summary>What each endpoint requires, read from its metadata the first time it is called.</summary>
internal sealed class EndpointRoles
{
    private readonly ConcurrentDictionary<Endpoint, RoleRequirement?> requirements = new(ReferenceEqualityComparer.Instance);

    /// <summary>The endpoint's requirement, or null when it is open.</summary>
    public RoleRequirement? For(Endpoint endpoint) => requirements.GetOrAdd(endpoint, Read);

    private static RoleRequirement? Read(Endpoint endpoint)
    {
        var metadata = endpoint.Metadata;
        if (metadata.GetMetadata<AuthorizationPolicy>() is not null || metadata.GetMetadata<IAuthorizationRequirementData>() is not null)
        {
            throw new InvalidOperationException($"Endpoint {endpoint.DisplayName}: only RequireAuthorization(ApiRoles.Site or ApiRoles.Admin) or roles are supported.");
        }

        var data = metadata.GetOrderedMetadata<IAuthorizeData>();
        if (data.Count == 0 || metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return null;
        }

        var all = new List<string[]>();
        foreach (var item in data)
        {
            if (item.Policy is { } policy)
            {
                all.Add(PolicyRoles(policy, endpoint));
            }

            if (item.Roles is { } roles)
            {
                all.Add(roles.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            }
        }

        return new RoleRequirement([.. all]);
    }

    private static string[] PolicyRoles(string policy, Endpoint endpoint) => policy switch
    {
        ApiRoles.Site => [ApiRoles.Site, ApiRoles.Admin],
        ApiRoles.Admin => [ApiRoles.Admin],
        _ => throw new InvalidOperationException($"Endpoint {endpoint.DisplayName}: no authorization policy named '{policy}' (use ApiRoles.Site or ApiRoles.Admin)."),
    };
}

/// <summary>Role sets a key's role must be in, every one of them (none: any valid key). Roles compare ordinally, as
/// ASP.NET's role requirement does.</summary>
internal sealed record RoleRequirement(string[][] AllOf)
{
    public bool Allows(string role)
    {
        foreach (var anyOf in AllOf)
        {
            if (Array.IndexOf(anyOf, role) < 0)
            {
                return false;
            }
        }

        return true;
    }
}
