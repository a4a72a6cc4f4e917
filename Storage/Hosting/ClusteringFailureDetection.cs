using Orleans.Configuration;
using Orleans.Hosting;

namespace PersoActors.Storage.Hosting;

/// <summary>Failure-detection settings that make a dead silo's customers reachable again within seconds instead
/// of Orleans' defaults (about 10–15 s until a crashed silo is declared dead, a minute until a client re-reads
/// its gateway list).</summary>
/// <remarks>
/// How failover unfolds with <see cref="Apply"/>: every silo probes its peers directly; a probe gets
/// <see cref="ClusterMembershipOptions.ProbeTimeout"/> (1 s, adapted per peer between 0.5 s and
/// <see cref="ClusterMembershipOptions.MaxProbeTimeout"/> = 2 s) to answer. After
/// <see cref="ClusterMembershipOptions.NumMissedProbesLimit"/> = 2 missed probes (about 2 s; a killed process
/// refuses connections, so its probes fail at once) the prober writes a suspicion vote into the membership table.
/// Enough fresh votes (<see cref="ClusterMembershipOptions.NumVotesForDeathDeclaration"/>, left at 2; Orleans
/// caps it at half the active silos, so in a two-silo cluster one vote suffices) mark the silo Dead in the same
/// table write, and gossip tells every silo at once: its grains are activated again elsewhere on their next call,
/// from storage. So a crash costs roughly 2–3 s; a graceful stop costs nothing, the silo says it is leaving.
/// The price: a silo stalled longer than ~2 s (a long GC pause, a starved machine) can be declared dead while
/// alive; it then stops itself and must be restarted. <see cref="ClusterMembershipOptions.ExtendProbeTimeoutDuringDegradation"/>
/// (on by default) stretches the timeout while the prober itself is unhealthy, which guards against the
/// prober's own stalls.
/// <see cref="ClusterMembershipOptions.DeathVoteExpirationTimeout"/> = 10 s lets old votes from a past hiccup
/// expire instead of adding up with a new one; <see cref="ClusterMembershipOptions.IAmAliveTablePublishTimeout"/>
/// = 2 s writes each silo's heartbeat to the table every 2 s (a silo whose heartbeat is older than
/// 2 × <see cref="ClusterMembershipOptions.NumMissedTableIAmAliveLimit"/> heartbeats is treated as stale: it neither
/// votes nor counts as active); <see cref="ClusterMembershipOptions.TableRefreshTimeout"/> = 2 s re-reads the table
/// in case a gossip message was lost. Dead rows stay in the table (for operators) for
/// <see cref="ClusterMembershipOptions.DefunctSiloExpiration"/> = 1 day and are then deleted by
/// <see cref="IMembershipTable.CleanupDefunctSiloEntriesAsync"/>, besides Orleans' cap on their number.
/// </remarks>
public static class ClusteringFailureDetection
{
    /// <summary>The gateway-list refresh period <see cref="UseFastGatewayRefresh"/> sets on clients.</summary>
    public static readonly TimeSpan GatewayListRefreshPeriod = TimeSpan.FromSeconds(2);

    /// <summary>Sets the fast failure-detection values described on <see cref="ClusteringFailureDetection"/>.</summary>
    public static void Apply(ClusterMembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ProbeTimeout = TimeSpan.FromSeconds(1);
        options.MaxProbeTimeout = TimeSpan.FromSeconds(2);
        options.NumMissedProbesLimit = 2;
        options.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(10);
        options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
        options.TableRefreshTimeout = TimeSpan.FromSeconds(2);
        options.DefunctSiloExpiration = TimeSpan.FromDays(1);
    }

    /// <summary>Applies <see cref="Apply"/> to this silo's <see cref="ClusterMembershipOptions"/>.</summary>
    public static ISiloBuilder UseFastFailureDetection(this ISiloBuilder builder) =>
        builder.Configure<ClusterMembershipOptions>(Apply);

    /// <summary>Makes a client re-read its gateway list every <see cref="GatewayListRefreshPeriod"/>, so it
    /// connects to new silos and forgets departed ones within seconds.</summary>
    public static IClientBuilder UseFastGatewayRefresh(this IClientBuilder builder) =>
        builder.Configure<GatewayOptions>(options => options.GatewayListRefreshPeriod = GatewayListRefreshPeriod);
}
