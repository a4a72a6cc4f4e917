using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using PersoActors.Gateway.Hosting;
using PersoActors.Gateway.Http;

namespace PersoActors.Gateway.Security;

/// <summary>Registers and runs the per-API-key rate limits of <see cref="KeyRateLimitOptions"/>.</summary>
public static class KeyRateLimiting
{
    public static WebApplicationBuilder AddKeyRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<KeyRateLimitOptions>()
            .Bind(builder.Configuration.GetSection(KeyRateLimitOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<KeyRateLimitOptions>, KeyRateLimitOptionsValidator>();
        builder.Services.AddSingleton<KeyRateLimiter>();
        return builder;
    }

    /// <summary>Adds the limiter after authentication (it needs the key) and before authorization.</summary>
    public static WebApplication UseKeyRateLimits(this WebApplication app)
    {
        var limiter = app.Services.GetRequiredService<KeyRateLimiter>();
        if (limiter.Enabled)
        {
            app.Use(next => context => limiter.InvokeAsync(context, next));
        }

        return app;
    }
}

/// <summary>One token bucket per API key, as a generic cell rate algorithm: the bucket is a single <c>long</c> (the
/// time at which it will be full again) updated by compare-and-swap, so keys never contend with each other and a
/// key's requests never take a lock. Buckets are keyed by the configured key entry (not the presented string).</summary>
internal sealed class KeyRateLimiter(IOptionsMonitor<KeyRateLimitOptions> options, IOptions<OverloadOptions> overload)
{
    private readonly ConcurrentDictionary<ApiKeyEntry, Bucket?> buckets = new(ReferenceEqualityComparer.Instance);
    private readonly string[] exempt = overload.Value.ExemptPaths;

    public bool Enabled => options.CurrentValue.Enabled;

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Features.Get<ApiKeyFeature>() is not { } key
            || buckets.GetOrAdd(key.Entry, static (entry, self) => self.BucketFor(entry), this) is not { } bucket
            || IsExempt(context.Request.Path))
        {
            return next(context);
        }

        var wait = bucket.Take(Stopwatch.GetTimestamp());
        return wait == 0 ? next(context) : RejectAsync(context, bucket, wait);
    }

    private Bucket? BucketFor(ApiKeyEntry entry)
    {
        var limit = entry.PermitsPerSecond is { } own
            ? new RateLimit { PermitsPerSecond = own, Burst = entry.Burst }
            : options.CurrentValue.Roles.GetValueOrDefault(entry.Role);
        return limit is { PermitsPerSecond: > 0 } ? new Bucket(limit.PermitsPerSecond, limit.Burst ?? Math.Max(1, (int)Math.Ceiling(limit.PermitsPerSecond))) : null;
    }

    private static Task RejectAsync(HttpContext context, Bucket bucket, long waitTicks)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling((double)waitTicks / Stopwatch.Frequency));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return ApiProblems.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too many requests", ApiKeyAuthentication.HeaderName,
            $"This API key is limited to {bucket.PermitsPerSecond:0.##} requests/s (burst {bucket.Burst}); retry after {seconds} s.");
    }

    private bool IsExempt(PathString path)
    {
        foreach (var prefix in exempt)
        {
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A token bucket as one timestamp: <c>full</c> is when it would hold <see cref="Burst"/> tokens again.
    /// A request takes a token if that stays within the burst; otherwise it is told how long to wait.</summary>
    internal sealed class Bucket(double permitsPerSecond, int burst)
    {
        private readonly long interval = Math.Max(1, (long)(Stopwatch.Frequency / permitsPerSecond));
        private long full;

        public double PermitsPerSecond => permitsPerSecond;

        public int Burst => burst;

        /// <summary>Takes a token at <paramref name="now"/>; returns 0, or the ticks until one is free.</summary>
        public long Take(long now)
        {
            var tolerance = interval * (burst - 1);
            while (true)
            {
                var current = Volatile.Read(ref full);
                var start = current > now ? current : now;
                if (start - now > tolerance)
                {
                    return start - now - tolerance;
                }

                if (Interlocked.CompareExchange(ref full, start + interval, current) == current)
                {
                    return 0;
                }
            }
        }
    }
}

/// <summary>The configured key a request authenticated with (set by <see cref="ApiKeyAuthentication"/>).</summary>
internal sealed record ApiKeyFeature(ApiKeyEntry Entry);
