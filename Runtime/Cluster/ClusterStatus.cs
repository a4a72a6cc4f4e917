using Microsoft.Extensions.Options;
using PersoActors.Runtime.Cluster.Membership;

namespace PersoActors.Runtime.Cluster;

/// <summary>Operations data for <c>GET /v1/cluster</c>: the silos of this process's current view.</summary>
public sealed class ClusterStatus(ClusterMembership membership, LocalSilo local, IOptions<ClusterOptions> options)
{
    /// <summary>A snapshot of the view as this process (silo or gateway) sees it.</summary>
    public ClusterStatusReport GetReport()
    {
        var view = membership.View;
        var now = DateTimeOffset.UtcNow;
        return new ClusterStatusReport(
            options.Value.ClusterId,
            view.Version,
            local.Address?.ToString(),
            [.. view.Entries
                .OrderBy(e => e.Status)
                .ThenBy(e => e.Silo.Endpoint, StringComparer.Ordinal)
                .Select(e => new SiloStatusReport(
                    e.Silo.ToString(),
                    e.Silo.Endpoint,
                    e.Status.ToString().ToLowerInvariant(),
                    e.StartTime,
                    Math.Round((now - e.StartTime).TotalSeconds),
                    e.IAmAliveTime,
                    e.Load.Activations,
                    e.Load.CallsPerSecond,
                    e.Suspicions.Count))]);
    }
}

/// <summary>The cluster as one process sees it.</summary>
/// <param name="ClusterId">The cluster id.</param>
/// <param name="ViewVersion">Membership table version of this process's view.</param>
/// <param name="Self">This silo's address, or null in a gateway.</param>
/// <param name="Silos">Every row of the membership table.</param>
public sealed record ClusterStatusReport(string ClusterId, long ViewVersion, string? Self, IReadOnlyList<SiloStatusReport> Silos);

/// <summary>One silo in <see cref="ClusterStatusReport"/>.</summary>
/// <param name="Address">host:port@generation.</param>
/// <param name="Endpoint">host:port of its transport.</param>
/// <param name="Status">joining, active, shuttingdown or dead.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="UptimeSeconds">Seconds since it started.</param>
/// <param name="LastHeartbeat">Its last heartbeat in the table.</param>
/// <param name="Activations">Grain activations it reported with its last heartbeat.</param>
/// <param name="CallsPerSecond">Grain calls per second it reported with its last heartbeat.</param>
/// <param name="Suspicions">Current votes against it.</param>
public sealed record SiloStatusReport(
    string Address,
    string Endpoint,
    string Status,
    DateTimeOffset StartedAt,
    double UptimeSeconds,
    DateTimeOffset LastHeartbeat,
    int Activations,
    double CallsPerSecond,
    int Suspicions);
