using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;
using PersoActors.Gateway.Security;

namespace PersoActors.Gateway.Operations;

/// <summary><c>GET /v1/cluster</c>: the silos of the Orleans cluster this gateway routes to, for operators (admin key).</summary>
public static class ClusterEndpoints
{
    public static IEndpointRouteBuilder MapClusterEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/cluster", GetReportAsync)
            .RequireAuthorization(ApiRoles.Admin)
            .WithSummary("The silos of the cluster as Orleans' membership table lists them, with each active silo's runtime statistics (embedded mode: the one in-process silo).");
        return app;
    }

    private static async Task<ClusterStatusReport> GetReportAsync(IGrainFactory grains, IOptions<ClusterOptions> cluster)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetDetailedHosts(onlyActive: false);
        var active = hosts.Where(h => h.Status == SiloStatus.Active).Select(h => h.SiloAddress).ToArray();
        var statistics = active.Length == 0 ? [] : await management.GetRuntimeStatistics(active);
        var bySilo = active.Zip(statistics).ToDictionary(pair => pair.First, pair => pair.Second);
        var now = DateTimeOffset.UtcNow;
        return new ClusterStatusReport(
            cluster.Value.ClusterId,
            [.. hosts
                .OrderBy(h => h.Status == SiloStatus.Active ? 0 : 1)
                .ThenBy(h => h.SiloAddress.Endpoint.ToString(), StringComparer.Ordinal)
                .Select(h => SiloReport(h, bySilo.GetValueOrDefault(h.SiloAddress), now))]);
    }

    private static SiloStatusReport SiloReport(MembershipEntry entry, SiloRuntimeStatistics? statistics, DateTimeOffset now) => new(
        entry.SiloAddress.ToParsableString(),
        entry.SiloAddress.Endpoint.ToString(),
        entry.SiloName,
        entry.Status.ToString().ToLowerInvariant(),
        new DateTimeOffset(entry.StartTime, TimeSpan.Zero),
        Math.Round((now - entry.StartTime).TotalSeconds),
        new DateTimeOffset(entry.IAmAliveTime, TimeSpan.Zero),
        statistics?.ActivationCount ?? 0,
        statistics?.ReceivedMessages ?? 0,
        statistics?.EnvironmentStatistics.FilteredCpuUsagePercentage,
        statistics?.EnvironmentStatistics.FilteredMemoryUsageBytes,
        entry.SuspectTimes?.Count ?? 0);
}

/// <summary>The cluster as Orleans' membership table lists it.</summary>
/// <param name="ClusterId">The Orleans cluster id (<c>embedded</c> for the gateway's co-hosted silo).</param>
/// <param name="Silos">Every silo in the table, active ones first.</param>
public sealed record ClusterStatusReport(string ClusterId, IReadOnlyList<SiloStatusReport> Silos);

/// <summary>One silo in <see cref="ClusterStatusReport"/>.</summary>
/// <param name="Address">Orleans' silo address (host:port@generation).</param>
/// <param name="Endpoint">host:port silos reach it on.</param>
/// <param name="Name">The silo's name.</param>
/// <param name="Status">created, joining, active, shuttingdown, stopping or dead.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="UptimeSeconds">Seconds since it started.</param>
/// <param name="LastHeartbeat">Its last "I am alive" write to the membership table.</param>
/// <param name="Activations">Grain activations it holds (active silos only).</param>
/// <param name="ReceivedMessages">Messages it received since it started (active silos only).</param>
/// <param name="CpuUsage">Its CPU usage in percent, when known.</param>
/// <param name="MemoryUsage">Its memory usage in bytes, when known.</param>
/// <param name="Suspicions">Current votes against it.</param>
public sealed record SiloStatusReport(
    string Address,
    string Endpoint,
    string Name,
    string Status,
    DateTimeOffset StartedAt,
    double UptimeSeconds,
    DateTimeOffset LastHeartbeat,
    int Activations,
    long ReceivedMessages,
    float? CpuUsage,
    long? MemoryUsage,
    int Suspicions);
