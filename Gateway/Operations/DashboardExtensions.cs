using Orleans.Dashboard;
using PersoActors.Gateway.Security;

namespace PersoActors.Gateway.Operations;

/// <summary>Orleans' dashboard at <c>/dashboard</c> behind the admin key. A browser signs in with HTTP Basic (any
/// user name, the admin key as password): its own prompt, no page or cookie of ours, and the dashboard's scripts
/// then send the same credentials with each of their calls. The silos register the dashboard's grains
/// (<c>AddDashboard</c> on every silo, embedded or standalone); the gateway serves the pages and API from them.</summary>
public static class DashboardExtensions
{
    /// <summary>Where the dashboard is served.</summary>
    public const string DashboardPath = "/dashboard";

    /// <summary>Whether the dashboard is on (<c>Dashboard:Enabled</c>, default true).</summary>
    public static bool DashboardEnabled(this IConfiguration configuration) => configuration.GetValue("Dashboard:Enabled", true);

    /// <summary>Maps the dashboard's pages and API under <see cref="DashboardPath"/>, for admin keys only.</summary>
    public static IEndpointRouteBuilder MapOperatorsDashboard(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<IConfiguration>().DashboardEnabled())
        {
            // Orleans' pages and their private API, not part of ours: kept out of the OpenAPI document.
            app.MapOrleansDashboard(routePrefix: DashboardPath).RequireAuthorization(ApiRoles.Admin).ExcludeFromDescription();
        }

        return app;
    }
}
