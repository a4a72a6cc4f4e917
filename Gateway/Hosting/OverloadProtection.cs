using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace PersoActors.Gateway.Hosting;

/// <summary>Sheds load with ASP.NET Core's rate-limiting middleware: one concurrency limiter with a bounded queue
/// for every API request, none for the exempt paths (<see cref="OverloadOptions"/>). A shed request costs the gateway
/// a 503 and no grain call. The middleware's own meter (<c>Microsoft.AspNetCore.RateLimiting</c>) counts what it
/// leased, queued and rejected.</summary>
public static class OverloadProtection
{
    private const string ApiPartition = "api";
    private const string ExemptPartition = "exempt";

    public static WebApplicationBuilder AddOverloadProtection(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<OverloadOptions>()
            .Bind(builder.Configuration.GetSection(OverloadOptions.Section))
            .Validate(o => o.MaxConcurrentRequests > 0, "Overload:MaxConcurrentRequests must be greater than 0")
            .Validate(o => o.QueueLimit >= 0, "Overload:QueueLimit must not be negative")
            .Validate(o => o.RetryAfter > TimeSpan.Zero, "Overload:RetryAfter must be positive")
            .ValidateOnStart();
        builder.Services.AddSingleton<LoadShedder>();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<LoadShedder>((limiter, shedder) =>
        {
            limiter.GlobalLimiter = shedder.Limiter;
            limiter.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
            limiter.OnRejected = (context, _) => shedder.RejectAsync(context.HttpContext);
        });
        return builder;
    }

    /// <summary>Adds the shedding middleware when <c>Overload:Enabled</c>; call before authentication, so a shed
    /// request costs as little as possible.</summary>
    public static WebApplication UseOverloadProtection(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<OverloadOptions>>().Value.Enabled)
        {
            app.UseRateLimiter();
        }

        return app;
    }

    /// <summary>The limiter the middleware uses, and the 503 answer it gives.</summary>
    internal sealed class LoadShedder(IOptions<OverloadOptions> options) : IDisposable
    {
        private static readonly HttpContext ApiProbe = new DefaultHttpContext { Request = { Path = "/v1" } };
        private readonly OverloadOptions settings = options.Value;

        public PartitionedRateLimiter<HttpContext> Limiter { get; } = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            IsExempt(context.Request.Path, options.Value.ExemptPaths)
                ? RateLimitPartition.GetNoLimiter(ExemptPartition)
                : RateLimitPartition.GetConcurrencyLimiter(ApiPartition, _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = options.Value.MaxConcurrentRequests,
                    QueueLimit = options.Value.QueueLimit,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                }));

        /// <summary>API requests running and waiting now.</summary>
        public RateLimiterStatistics? ApiStatistics() => Limiter.GetStatistics(ApiProbe);

        public ValueTask RejectAsync(HttpContext context)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(settings.RetryAfter.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return new ValueTask(Results.Problem(
                    statusCode: StatusCodes.Status503ServiceUnavailable,
                    title: "Service overloaded",
                    detail: $"The gateway is serving its limit of {settings.MaxConcurrentRequests} requests with {settings.QueueLimit} waiting; retry after {seconds} s.")
                .ExecuteAsync(context));
        }

        public void Dispose() => Limiter.Dispose();

        private static bool IsExempt(PathString path, string[] exempt)
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
    }
}
