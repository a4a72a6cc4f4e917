using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using PersoActors.Grains.Diagnostics;

namespace PersoActors.Silo;

/// <summary>The silo's metrics (Orleans' meter, the .NET runtime's and ours: events, decisions, journal appends,
/// group commits) through OpenTelemetry. <c>--metrics-port N</c> (<c>Metrics:Port</c>) serves them as Prometheus text
/// at <c>http://127.0.0.1:N/metrics</c> — loopback only and without a key, for a Prometheus or an agent on the same
/// machine; <c>Metrics:OtlpEndpoint</c> or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> pushes them over OTLP instead or too.
/// Neither set: no meter provider at all.</summary>
internal static class SiloMetricsExtensions
{
    public static IHostApplicationBuilder AddSiloMetrics(this IHostApplicationBuilder builder)
    {
        var port = builder.Configuration.GetValue<int?>("Metrics:Port") is int configured and > 0 ? configured : (int?)null;
        var otlpEndpoint = builder.Configuration["Metrics:OtlpEndpoint"] ?? builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (port is null && string.IsNullOrWhiteSpace(otlpEndpoint))
        {
            return builder;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("persoactors-silo"))
            .WithMetrics(metrics =>
            {
                metrics.AddRuntimeInstrumentation().AddMeter([.. PersoActorsMeters.Silo]);
                if (port is { } listenPort)
                {
                    metrics.AddPrometheusHttpListener(listener =>
                    {
                        listener.Host = "127.0.0.1";
                        listener.Port = listenPort;
                        listener.ScrapeEndpointPath = "/metrics";
                        listener.ScrapeResponseCacheDurationMilliseconds = 0;
                    });
                }

                if (!string.IsNullOrWhiteSpace(otlpEndpoint))
                {
                    metrics.AddOtlpExporter(otlp => otlp.Endpoint = new Uri(otlpEndpoint));
                }
            });
        return builder;
    }
}
