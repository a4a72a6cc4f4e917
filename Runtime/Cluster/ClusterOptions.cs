namespace PersoActors.Runtime.Cluster;

/// <summary>Settings of a silo or client in a cluster, bound from the <c>Cluster</c> configuration section.</summary>
public sealed class ClusterOptions
{
    /// <summary>Silos and clients with the same id (and shared secret) form one cluster.</summary>
    public string ClusterId { get; set; } = "persoactors";

    /// <summary>Address the transport listens on and advertises to peers.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Transport port; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>When set, a peer must prove it knows this secret (HMAC challenge) before it may call.</summary>
    public string? SharedSecret { get; set; }

    /// <summary>How often a silo writes its heartbeat into the membership table.</summary>
    public TimeSpan HeartbeatPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often silos and clients re-read the membership table.</summary>
    public TimeSpan RefreshPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A silo whose heartbeat has not changed for this long (by the observer's own clock) is suspected.</summary>
    public TimeSpan SuspectAfter { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>How often a silo pings its probed peers over the transport.</summary>
    public TimeSpan ProbePeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a silo waits for a peer's Pong before counting the probe as missed.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Consecutive missed probes after which a silo votes to suspect the peer (a successful probe resets the count).</summary>
    public int MissedProbesToSuspect { get; set; } = 3;

    /// <summary>How many active peers each silo probes: the next ones after itself in the ring of
    /// active silos ordered by endpoint (all of them when the cluster is smaller).</summary>
    public int ProbedPeers { get; set; } = 3;

    /// <summary>Votes from distinct silos that declare a suspected silo dead (fewer when fewer silos remain).</summary>
    public int VotesToDeclareDead { get; set; } = 2;

    /// <summary>Votes older than this no longer count.</summary>
    public TimeSpan SuspicionExpiry { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Dead rows older than this are deleted from the table.</summary>
    public TimeSpan DeadRowRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long opening a transport connection (including the handshake) may take.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Longest wait before reconnecting to a peer that refused or dropped a connection.</summary>
    public TimeSpan MaxReconnectBackoff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Calls a silo runs at once for one connection; past it, it stops reading (TCP backpressure).</summary>
    public int MaxInFlightPerConnection { get; set; } = 8192;

    /// <summary>Frames queued for sending on one connection before senders wait (backpressure).</summary>
    public int MaxQueuedFrames { get; set; } = 65536;
}
