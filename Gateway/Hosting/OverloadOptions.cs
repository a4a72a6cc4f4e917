namespace PersoActors.Gateway.Hosting;

/// <summary>Load shedding (section <c>Overload</c>): at most <see cref="MaxConcurrentRequests"/> API requests are in
/// the gateway at once; any request beyond that is answered at once with <c>503</c> problem+json and
/// <c>Retry-After</c>, so an overloaded gateway answers "busy" in microseconds instead of queueing work until every
/// answer is seconds late. Health and operations paths are never limited.</summary>
public sealed class OverloadOptions
{
    public const string Section = "Overload";

    /// <summary>Turns shedding on (default) or off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>API requests in progress at once, waiting ones included (default 256: at ~10k req/s on 2 cores,
    /// about 25 ms of work; a request waits for its grain or for a thread, never in a separate queue).</summary>
    public int MaxConcurrentRequests { get; set; } = 256;

    /// <summary>What <c>Retry-After</c> tells a shed client (default 1 s; whole seconds, at least 1).</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Path prefixes never limited: probes and operators must get through an overload (default
    /// <c>/health</c>, <c>/v1/cluster</c>, <c>/openapi</c>, <c>/metrics</c>, <c>/dashboard</c>; configured entries are
    /// added to these).</summary>
    public string[] ExemptPaths { get; set; } = ["/health", "/v1/cluster", "/openapi", "/metrics", "/dashboard"];
}
