using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using PersoActors.Gateway.Security;
using PersoActors.Grains.Diagnostics;

namespace PersoActors.Gateway.Operations;

/// <summary>Metrics through OpenTelemetry (section <c>Metrics</c>): Orleans' meter, ASP.NET Core's, the .NET runtime's
/// and ours, as Prometheus text at <c>GET /metrics</c> (admin key, as <c>X-Api-Key</c> or <c>Authorization: Bearer</c>)
/// and, when an endpoint is configured, pushed over OTLP.</summary>
public static class MetricsExtensions
{
    /// <summary>The gateway's own meter (load shedding).</summary>
    public const string GatewayMeter = "PersoActors.Gateway";

    /// <summary>Where Prometheus scrapes.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>ASP.NET Core's own meters that tell an operator about requests and connections
    /// (<c>http.server.request.duration</c>, active requests, Kestrel connections, handled exceptions). Its routing,
    /// authentication, authorization and memory-pool meters, recorded several times per request and telling little
    /// beside these, are not collected, so not recorded at all. The built-in meters directly, not OpenTelemetry's
    /// ASP.NET Core instrumentation: on .NET 8 and later that enables the same meters plus a middleware of its own,
    /// an awaited step and an allocation in every request.</summary>
    private static readonly string[] AspNetCoreMeters =
        ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Diagnostics"];

    /// <summary>Registers the meter provider unless <c>Metrics:Enabled</c> is false. OTLP export starts when
    /// <c>Metrics:OtlpEndpoint</c> or the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the other
    /// <c>OTEL_EXPORTER_OTLP_*</c> variables apply as usual).</summary>
    public static WebApplicationBuilder AddPersoActorsMetrics(this WebApplicationBuilder builder)
    {
        if (!MetricsEnabled(builder.Configuration))
        {
            return builder;
        }

        var otlpEndpoint = builder.Configuration["Metrics:OtlpEndpoint"] ?? builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("persoactors-gateway"))
            .WithMetrics(metrics =>
            {
                if (builder.Configuration.GetValue("Metrics:AspNetCore", true))
                {
                    metrics.AddMeter(AspNetCoreMeters);
                }

                if (builder.Configuration.GetValue("Metrics:Orleans", true))
                {
                    metrics.AddMeter(PersoActorsMeters.Orleans);
                }

                metrics.AddRuntimeInstrumentation()
                    .AddMeter(GatewayMeter)
                    .AddMeter([.. PersoActorsMeters.Silo.Where(name => name != PersoActorsMeters.Orleans)])
                    // Every scrape reads the instruments afresh: scrapes come seconds apart, and a cached answer
                    // would hide the requests of the last few hundred milliseconds.
                    .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
                if (!string.IsNullOrWhiteSpace(otlpEndpoint))
                {
                    metrics.AddOtlpExporter(otlp => otlp.Endpoint = new Uri(otlpEndpoint));
                }
            });
        return builder;
    }

    /// <summary>Maps <c>GET /metrics</c> (Prometheus text format) behind the admin key.</summary>
    public static IEndpointRouteBuilder MapPersoActorsMetrics(this IEndpointRouteBuilder app)
    {
        if (MetricsEnabled(app.ServiceProvider.GetRequiredService<IConfiguration>()))
        {
            app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(ApiRoles.Admin);
        }

        return app;
    }

    private static bool MetricsEnabled(IConfiguration configuration) => configuration.GetValue("Metrics:Enabled", true);
}
