using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PersoActors.Runtime.Activations;
using PersoActors.Runtime.Cluster.Routing;
using PersoActors.Runtime.Cluster.Transport;

namespace PersoActors.Runtime.Cluster.Membership;

/// <summary>A silo's membership duties: join (Joining → Active), heartbeat into the table, re-read
/// the table and publish the view, probe peers over the transport, suspect and vote out silos
/// whose heartbeat stopped changing or that stopped answering probes, stop itself when declared
/// dead, and leave gracefully (ShuttingDown → deactivate grains → Dead).
/// A peer is suspected when either its table heartbeat has not <em>changed</em> for
/// <see cref="ClusterOptions.SuspectAfter"/> (measured on the observer's own clock, so clock skew
/// between machines does not matter), or it missed <see cref="ClusterOptions.MissedProbesToSuspect"/>
/// consecutive Ping probes. Both kinds of suspicion are written as votes through the same
/// compare-and-swap path.</summary>
internal sealed class MembershipAgent(
    IMembershipTable table,
    ClusterMembership membership,
    LocalSilo local,
    ISiloTransportListener listener,
    TransportClient transport,
    Catalog catalog,
    CallCounter calls,
    IOptions<ClusterOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<MembershipAgent> logger) : IHostedService
{
    private readonly ClusterOptions options = options.Value;
    private readonly Dictionary<SiloAddress, (DateTimeOffset Seen, long ChangedAt)> heartbeats = [];
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<SiloAddress, int> missedProbes = new();
    private Task loop = Task.CompletedTask;
    private Task probing = Task.CompletedTask;
    private long probesAnswered;
    private bool declaredDead;
    private volatile bool crashed;
    private int stopped;
    private long lastCalls;
    private long lastHeartbeatAt = Environment.TickCount64;

    private SiloAddress Self => local.Address!;

    /// <summary>Probes of peers answered in time since this silo started (for tests and diagnostics).</summary>
    internal long ProbesAnswered => Interlocked.Read(ref probesAnswered);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await table.InitializeAsync(cancellationToken).ConfigureAwait(false);
        local.Address = new SiloAddress(options.Host, listener.Port, DateTime.UtcNow.Ticks);
        await WriteOwnStatusAsync(SiloStatus.Joining, cancellationToken).ConfigureAwait(false);
        local.Accepting = true;
        await WriteOwnStatusAsync(SiloStatus.Active, cancellationToken).ConfigureAwait(false);
        membership.Publish(await table.ReadAllAsync(cancellationToken).ConfigureAwait(false));
        logger.LogInformation("Silo {Silo} joined cluster {Cluster} (view {Version}: {Count} active)",
            Self, options.ClusterId, membership.View.Version, membership.View.ActiveSilos.Count);
        loop = Task.Run(() => RunAsync(stopping.Token), CancellationToken.None);
        probing = Task.Run(() => ProbeLoopAsync(stopping.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref stopped, 1) == 1)
        {
            return;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        await loop.ConfigureAwait(false);
        await probing.ConfigureAwait(false);
        local.Accepting = false;
        if (crashed)
        {
            return;
        }

        var leaving = !declaredDead;
        if (leaving)
        {
            await TryWriteOwnStatusAsync(SiloStatus.ShuttingDown, cancellationToken).ConfigureAwait(false);
            membership.Publish(await table.ReadAllAsync(cancellationToken).ConfigureAwait(false));
        }

        await catalog.DeactivateAllAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        if (leaving)
        {
            await TryWriteOwnStatusAsync(SiloStatus.Dead, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Silo {Silo} left cluster {Cluster}", Self, options.ClusterId);
        }
    }

    /// <summary>Stops heartbeating and answering at once, without telling anyone: what a kill -9
    /// looks like to the rest of the cluster (for in-process tests).</summary>
    public void SimulateCrash()
    {
        crashed = true;
        local.Accepting = false;
        stopping.Cancel();
        listener.Abort();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var period = options.HeartbeatPeriod < options.RefreshPeriod ? options.HeartbeatPeriod : options.RefreshPeriod;
        var nextCleanup = Environment.TickCount64;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.WhenAny(Task.Delay(period, cancellationToken), membership.RefreshRequested).ConfigureAwait(false);
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                if (Environment.TickCount64 - lastHeartbeatAt >= (long)options.HeartbeatPeriod.TotalMilliseconds * 9 / 10)
                {
                    await HeartbeatAsync(cancellationToken).ConfigureAwait(false);
                }

                var snapshot = await table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
                if (CheckSelf(snapshot))
                {
                    return;
                }

                membership.Publish(snapshot);
                await MonitorPeersAsync(snapshot, cancellationToken).ConfigureAwait(false);
                if (Environment.TickCount64 >= nextCleanup)
                {
                    nextCleanup = Environment.TickCount64 + 60_000;
                    await table.CleanupDeadAsync(DateTimeOffset.UtcNow - options.DeadRowRetention, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                // A table outage must not kill the agent; peers judge us by our heartbeats meanwhile.
                logger.LogWarning(error, "Membership round of silo {Silo} failed", Self);
            }
        }
    }

    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        var now = Environment.TickCount64;
        var total = calls.Total;
        var seconds = Math.Max(1, now - lastHeartbeatAt) / 1000.0;
        var load = new SiloLoad(catalog.Count, Math.Round((total - lastCalls) / seconds, 1));
        await table.HeartbeatAsync(Self, DateTimeOffset.UtcNow, load, cancellationToken).ConfigureAwait(false);
        lastCalls = total;
        lastHeartbeatAt = now;
    }

    /// <summary>True when this silo was declared dead (or removed): it then stops itself.</summary>
    private bool CheckSelf(MembershipSnapshot snapshot)
    {
        var own = snapshot.Entries.FirstOrDefault(e => e.Silo == Self);
        if (own is not null && own.Status != SiloStatus.Dead)
        {
            return false;
        }

        declaredDead = true;
        local.Accepting = false;
        local.MarkDeclaredDead();
        logger.LogCritical("Silo {Silo} was declared dead by the cluster; stopping", Self);
        lifetime.StopApplication();
        return true;
    }

    private async Task MonitorPeersAsync(MembershipSnapshot snapshot, CancellationToken cancellationToken)
    {
        var now = Environment.TickCount64;
        var live = snapshot.Entries.Where(e => e.Silo != Self && e.Status != SiloStatus.Dead).ToArray();
        foreach (var gone in heartbeats.Keys.Except(live.Select(e => e.Silo)).ToArray())
        {
            heartbeats.Remove(gone);
        }

        foreach (var entry in live)
        {
            var stale = false;
            if (!heartbeats.TryGetValue(entry.Silo, out var seen) || seen.Seen != entry.IAmAliveTime)
            {
                heartbeats[entry.Silo] = (entry.IAmAliveTime, now);
            }
            else
            {
                stale = now - seen.ChangedAt >= (long)options.SuspectAfter.TotalMilliseconds;
            }

            var missed = missedProbes.GetValueOrDefault(entry.Silo);
            var unreachable = missed >= options.MissedProbesToSuspect;
            if (!stale && !unreachable)
            {
                continue;
            }

            var reason = stale ? "heartbeat stopped changing" : $"{missed} probes missed in a row";
            if (await VoteAsync(snapshot, entry, reason, cancellationToken).ConfigureAwait(false))
            {
                return; // The version moved on; the next round works from a fresh snapshot.
            }
        }
    }

    private async Task<bool> VoteAsync(MembershipSnapshot snapshot, MembershipEntry suspect, string reason, CancellationToken cancellationToken)
    {
        var utcNow = DateTimeOffset.UtcNow;
        var me = Self.ToString();
        var others = suspect.Suspicions.Where(s => s.Voter != me && utcNow - s.Time < options.SuspicionExpiry).ToList();
        var mine = suspect.Suspicions.FirstOrDefault(s => s.Voter == me);
        var voters = snapshot.Entries.Count(e => e.Status == SiloStatus.Active && e.Silo != suspect.Silo);
        var needed = Math.Max(1, Math.Min(options.VotesToDeclareDead, voters));
        var dead = others.Count + 1 >= needed;
        if (!dead && mine is not null && utcNow - mine.Time < options.SuspicionExpiry / 2)
        {
            return false; // Already voted recently; waiting for others.
        }

        var updated = suspect with
        {
            Status = dead ? SiloStatus.Dead : suspect.Status,
            Suspicions = [.. others, new Suspicion(me, utcNow)],
        };
        if (!await table.TryWriteAsync(updated, snapshot.Version, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        if (dead)
        {
            logger.LogWarning("Silo {Suspect} declared dead by {Silo} ({Votes} votes; {Reason})", suspect.Silo, Self, others.Count + 1, reason);
        }
        else
        {
            logger.LogInformation("Silo {Silo} suspects {Suspect} ({Reason})", Self, suspect.Silo, reason);
        }

        membership.Publish(await table.ReadAllAsync(cancellationToken).ConfigureAwait(false));
        return true;
    }

    /// <summary>Every <see cref="ClusterOptions.ProbePeriod"/>, pings the probed peers and counts
    /// consecutive misses; <see cref="MonitorPeersAsync"/> turns enough misses into a vote.</summary>
    private async Task ProbeLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var started = Environment.TickCount64;
                var targets = ProbeTargets(Self, membership.View.ActiveSilos, options.ProbedPeers);
                foreach (var gone in missedProbes.Keys.Except(targets).ToArray())
                {
                    missedProbes.TryRemove(gone, out _);
                }

                var answered = await Task.WhenAll(targets.Select(t => transport.ProbeAsync(t, options.ProbeTimeout, cancellationToken))).ConfigureAwait(false);
                for (var i = 0; i < targets.Count; i++)
                {
                    if (answered[i])
                    {
                        Interlocked.Increment(ref probesAnswered);
                        missedProbes[targets[i]] = 0;
                    }
                    else if (missedProbes.AddOrUpdate(targets[i], 1, static (_, n) => n + 1) == options.MissedProbesToSuspect)
                    {
                        logger.LogWarning("Silo {Silo} missed {Count} probes in a row from {Self}", targets[i], options.MissedProbesToSuspect, Self);
                        membership.RequestRefresh();
                    }
                }

                var wait = (long)options.ProbePeriod.TotalMilliseconds - (Environment.TickCount64 - started);
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(wait), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                logger.LogWarning(error, "Probe round of silo {Silo} failed", Self);
            }
        }
    }

    /// <summary>The next <paramref name="count"/> active silos after <paramref name="self"/> in the
    /// ring ordered by endpoint, so each silo is probed by <paramref name="count"/> others.</summary>
    internal static IReadOnlyList<SiloAddress> ProbeTargets(SiloAddress self, IReadOnlyList<SiloAddress> active, int count)
    {
        var ring = active.Where(s => s != self).OrderBy(s => s.Endpoint, StringComparer.Ordinal).ThenBy(s => s.Generation).ToList();
        if (ring.Count <= count)
        {
            return ring;
        }

        var start = ring.FindIndex(s => string.CompareOrdinal(s.Endpoint, self.Endpoint) > 0);
        start = start < 0 ? 0 : start;
        return [.. Enumerable.Range(0, Math.Max(0, count)).Select(i => ring[(start + i) % ring.Count])];
    }

    private async Task TryWriteOwnStatusAsync(SiloStatus status, CancellationToken cancellationToken)
    {
        try
        {
            await WriteOwnStatusAsync(status, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "Could not write status {Status} of silo {Silo}", status, Self);
        }
    }

    /// <summary>Compare-and-swap loop: re-read and retry until our write wins. On joining, also
    /// declares dead any earlier incarnation of this endpoint (it crashed: we replaced it).</summary>
    private async Task WriteOwnStatusAsync(SiloStatus status, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var snapshot = await table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            var predecessor = snapshot.Entries.FirstOrDefault(e =>
                e.Silo.Endpoint == Self.Endpoint && e.Silo.Generation < Self.Generation && e.Status != SiloStatus.Dead);
            if (status == SiloStatus.Joining && predecessor is not null)
            {
                await table.TryWriteAsync(predecessor with { Status = SiloStatus.Dead }, snapshot.Version, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var now = DateTimeOffset.UtcNow;
            var own = snapshot.Entries.FirstOrDefault(e => e.Silo == Self)
                ?? new MembershipEntry(Self, status, local.StartTime, now, [], SiloLoad.None);
            if (own.Status == SiloStatus.Dead && status != SiloStatus.Dead)
            {
                throw new InvalidOperationException($"Silo {Self} was declared dead; it cannot become {status}.");
            }

            if (await table.TryWriteAsync(own with { Status = status, IAmAliveTime = now }, snapshot.Version, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }
}
