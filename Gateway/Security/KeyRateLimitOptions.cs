namespace PersoActors.Gateway.Security;

/// <summary>Per-API-key rate limits (section <c>RateLimits</c>): every key has its own token bucket, so one site's
/// burst cannot starve the others. A key's limit is its own <see cref="ApiKeyEntry.PermitsPerSecond"/> and
/// <see cref="ApiKeyEntry.Burst"/> if set, else its role's entry in <see cref="Roles"/>; a key with neither is not
/// limited. A request over the limit gets <c>429</c> problem+json with <c>Retry-After</c>.</summary>
public sealed class KeyRateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Turns per-key limits on (default) or off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Role (<c>site</c>, <c>admin</c>) → its keys' default limit.</summary>
    public Dictionary<string, RateLimit> Roles { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>A token bucket: <see cref="PermitsPerSecond"/> sustained, up to <see cref="Burst"/> at once.</summary>
public sealed class RateLimit
{
    /// <summary>Requests per second a key may make on average.</summary>
    public double PermitsPerSecond { get; set; }

    /// <summary>Requests a key may make at once after being idle (default: one second's worth).</summary>
    public int? Burst { get; set; }
}
