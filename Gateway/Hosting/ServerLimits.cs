using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace PersoActors.Gateway.Hosting;

/// <summary>Kestrel's limits against too many and too slow clients (section <c>ServerLimits</c>; every value has a
/// default here, so a gateway without configuration is protected too). Read explicitly rather than bound onto
/// <see cref="KestrelServerLimits"/>, whose data rates are immutable objects.</summary>
public sealed class ServerLimitsOptions
{
    public const string Section = "ServerLimits";

    /// <summary>Open connections at once (default 10000); more are closed at once by Kestrel.</summary>
    public long? MaxConcurrentConnections { get; set; } = 10_000;

    /// <summary>Total size of a request's headers (default 32 KiB, Kestrel's default); more → 431.</summary>
    public int MaxRequestHeadersTotalSize { get; set; } = 32 * 1024;

    /// <summary>Headers per request (default 100); more → 431.</summary>
    public int MaxRequestHeaderCount { get; set; } = 100;

    /// <summary>Request line (method, target, version) size (default 8 KiB); more → 414.</summary>
    public int MaxRequestLineSize { get; set; } = 8 * 1024;

    /// <summary>Largest request body (default 1 MiB, the event batch limit; the catalog upload raises it for itself).</summary>
    public long MaxRequestBodySize { get; set; } = 1024 * 1024;

    /// <summary>Time a client has to send all the headers of a request (default 10 s); a slower one gets 408 and the
    /// connection is closed.</summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Idle time before a kept-alive connection is closed (default 60 s).</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Slowest request body upload tolerated after <see cref="MinDataRateGracePeriod"/> (default 240 bytes/s,
    /// Kestrel's default); a slower one is aborted (408).</summary>
    public double MinRequestBodyBytesPerSecond { get; set; } = 240;

    /// <summary>Slowest response download tolerated (default 240 bytes/s); a slower reader's connection is aborted.</summary>
    public double MinResponseBytesPerSecond { get; set; } = 240;

    /// <summary>Grace period of both data rates (default 5 s).</summary>
    public TimeSpan MinDataRateGracePeriod { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Applies <see cref="ServerLimitsOptions"/> to Kestrel.</summary>
public static class ServerLimitsExtensions
{
    public static WebApplicationBuilder AddServerLimits(this WebApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection(ServerLimitsOptions.Section).Get<ServerLimitsOptions>() ?? new ServerLimitsOptions();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxConcurrentConnections = limits.MaxConcurrentConnections;
            kestrel.Limits.MaxRequestHeadersTotalSize = limits.MaxRequestHeadersTotalSize;
            kestrel.Limits.MaxRequestHeaderCount = limits.MaxRequestHeaderCount;
            kestrel.Limits.MaxRequestLineSize = limits.MaxRequestLineSize;
            kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBodySize;
            kestrel.Limits.RequestHeadersTimeout = limits.RequestHeadersTimeout;
            kestrel.Limits.KeepAliveTimeout = limits.KeepAliveTimeout;
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(limits.MinRequestBodyBytesPerSecond, limits.MinDataRateGracePeriod);
            kestrel.Limits.MinResponseDataRate = new MinDataRate(limits.MinResponseBytesPerSecond, limits.MinDataRateGracePeriod);
        });
        return builder;
    }
}
