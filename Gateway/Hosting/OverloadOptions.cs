namespace PersoActors.Gateway.Hosting;

/// <summary>Load shedding (section <c>Overload</c>). A request is answered at once with <c>503</c> problem+json and
/// <c>Retry-After</c>, before authentication and without a grain call, when either
/// <list type="bullet">
/// <item>it waited too long: the thread pool's queue delay (measured by a probe, see <see cref="QueueWaitProbe"/>) is
/// above <see cref="MaxQueueWait"/>, so requests reach the handler later than the budget allows, or</item>
/// <item><see cref="MaxConcurrentRequests"/> API requests are already in the gateway.</item>
/// </list>
/// An overloaded gateway thus answers "busy" in microseconds instead of queueing work until every answer is seconds
/// late. Health and operations paths are never shed.</summary>
public sealed class OverloadOptions
{
    public const string Section = "Overload";

    /// <summary>Turns shedding on (default) or off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>API requests in progress at once, waiting ones included (default 256: at ~10k req/s on 2 cores,
    /// about 25 ms of work; a request waits for its grain or for a thread, never in a separate queue).</summary>
    public int MaxConcurrentRequests { get; set; } = 256;

    /// <summary>The longest a request may wait for a thread before its handler runs (default 100 ms); beyond it,
    /// requests are shed until the queue drains. Zero turns this check off.</summary>
    public TimeSpan MaxQueueWait { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often the queue-wait probe samples the thread pool (default 10 ms).</summary>
    public TimeSpan QueueWaitProbeInterval { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>What <c>Retry-After</c> tells a shed client (default 1 s; whole seconds, at least 1).</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>What <c>Retry-After</c> tells a client whose change the store could not take (default 5 s): a full
    /// disk or a restarting database needs longer than a busy gateway.</summary>
    public TimeSpan StoreRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Path prefixes never limited: probes and operators must get through an overload (default
    /// <c>/health</c>, <c>/v1/cluster</c>, <c>/openapi</c>, <c>/metrics</c>, <c>/dashboard</c>; configured entries are
    /// added to these).</summary>
    public string[] ExemptPaths { get; set; } = ["/health", "/v1/cluster", "/openapi", "/metrics", "/dashboard"];
}
