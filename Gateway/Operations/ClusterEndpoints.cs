using PersoActors.Gateway.Security;
using PersoActors.Runtime.Cluster;
using PersoActors.Runtime.Hosting;

namespace PersoActors.Gateway.Operations;

/// <summary><c>GET /v1/cluster</c>: the silos this gateway routes to, for operators (admin key).</summary>
public static class ClusterEndpoints
{
    public static IEndpointRouteBuilder MapClusterEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/cluster", (IServiceProvider services) =>
                services.GetService<ClusterStatus>() is { } cluster
                    ? cluster.GetReport()
                    : EmbeddedReport(services.GetRequiredService<SiloRuntimeInfo>()))
            .RequireAuthorization(ApiRoles.Admin)
            .WithSummary("The silos of the cluster as this gateway sees them (embedded mode: the one in-process silo).");
        return app;
    }

    private static ClusterStatusReport EmbeddedReport(SiloRuntimeInfo silo)
    {
        var now = DateTimeOffset.UtcNow;
        return new ClusterStatusReport("embedded", 0, "embedded",
        [
            new SiloStatusReport("embedded", "in-process", "active", silo.StartedAt, Math.Round((now - silo.StartedAt).TotalSeconds), now, silo.Activations, 0, 0),
        ]);
    }
}
