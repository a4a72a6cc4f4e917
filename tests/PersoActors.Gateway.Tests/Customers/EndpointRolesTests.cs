using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PersoActors.Gateway.Security;
using PersoActors.Gateway.Tests.Infrastructure;

namespace PersoActors.Gateway.Tests.Customers;

public sealed class EndpointRolesTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public void Every_api_metrics_and_dashboard_endpoint_of_the_gateway_requires_a_key_and_the_rest_are_open()
    {
        var roles = gateway.Services.GetRequiredService<EndpointRoles>();
        var endpoints = gateway.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        Assert.NotEmpty(endpoints);
        foreach (var endpoint in endpoints)
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var guarded = pattern.StartsWith("/v1/", StringComparison.Ordinal) || pattern.StartsWith("/metrics", StringComparison.Ordinal)
                || pattern.StartsWith("/dashboard", StringComparison.Ordinal);
            Assert.True(guarded == roles.For(endpoint) is not null, $"{pattern}: {(guarded ? "open" : "guarded")}");
        }
    }

    [Fact]
    public void The_site_policy_admits_site_and_admin_keys_and_the_admin_policy_only_admin_keys()
    {
        var roles = new EndpointRoles();

        var site = roles.For(Endpoint(new AuthorizeAttribute(ApiRoles.Site)))!;
        var admin = roles.For(Endpoint(new AuthorizeAttribute(ApiRoles.Admin)))!;

        Assert.True(site.Allows(ApiRoles.Site) && site.Allows(ApiRoles.Admin));
        Assert.True(admin.Allows(ApiRoles.Admin));
        Assert.False(admin.Allows(ApiRoles.Site));
        Assert.False(site.Allows("Admin"));
    }

    [Fact]
    public void Named_roles_are_all_required_and_a_plain_requirement_admits_any_valid_key()
    {
        var roles = new EndpointRoles();

        var both = roles.For(Endpoint(new AuthorizeAttribute(ApiRoles.Site), new AuthorizeAttribute { Roles = "admin, auditor" }))!;
        var any = roles.For(Endpoint(new AuthorizeAttribute()))!;

        Assert.True(both.Allows(ApiRoles.Admin));
        Assert.False(both.Allows(ApiRoles.Site));
        Assert.True(any.Allows("anything"));
    }

    [Fact]
    public void An_endpoint_without_metadata_or_allowing_anonymous_callers_is_open()
    {
        var roles = new EndpointRoles();

        Assert.Null(roles.For(Endpoint()));
        Assert.Null(roles.For(Endpoint(new AuthorizeAttribute(ApiRoles.Admin), new AllowAnonymousAttribute())));
    }

    [Fact]
    public void Authorization_metadata_the_check_does_not_understand_fails_instead_of_leaving_the_endpoint_open()
    {
        var roles = new EndpointRoles();

        Assert.Throws<InvalidOperationException>(() => roles.For(Endpoint(new AuthorizeAttribute("auditors"))));
        Assert.Throws<InvalidOperationException>(() => roles.For(Endpoint(new AuthorizationPolicyBuilder().RequireAssertion(_ => true).Build())));
    }

    private static Endpoint Endpoint(params object[] metadata) => new(_ => Task.CompletedTask, new EndpointMetadataCollection(metadata), "test");
}
