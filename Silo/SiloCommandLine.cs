using System.Net;
using PersoActors.Storage.Hosting;

namespace PersoActors.Silo;

/// <summary>Command-line switches of the silo, mapped onto configuration keys (which can also come
/// from appsettings.json or environment variables such as <c>Cluster__Port</c>).</summary>
internal static class SiloCommandLine
{
    public static readonly Dictionary<string, string> SwitchMappings = new()
    {
        ["--host"] = "Cluster:Host",
        ["--port"] = "Cluster:Port",
        ["--gateway-port"] = "Cluster:GatewayPort",
        ["--cluster-id"] = "Cluster:ClusterId",
        ["--membership"] = "Cluster:Membership",
        ["--storage"] = "Storage",
        ["--tls-certificate"] = "Cluster:TlsCertificate",
        ["--tls-password"] = "Cluster:TlsPassword",
        ["--metrics-port"] = "Metrics:Port",
    };

    public const string Usage = """
        Usage: PersoActors.Silo --membership sqlite:PATH|postgres:CONNSTR|azure:CONNSTR
                                --storage sqlite:PATH|postgres:CONNSTR|azure:CONNSTR|memory
                                [--port N (silo-to-silo; 0 = any free port)] [--gateway-port N (Orleans clients such as
                                the gateway; 0 = any free port)] [--host 127.0.0.1] [--cluster-id ID]
                                [--tls-certificate cluster.pfx [--tls-password P] (mutual TLS: only silos and gateways
                                holding this same certificate join; also Cluster__TlsPassword in the environment)]
                                [--metrics-port N (Prometheus text at http://127.0.0.1:N/metrics)]
        """;

    /// <summary>Switches the generic host reads itself.</summary>
    private static readonly string[] HostSwitches = ["--environment", "--contentRoot", "--applicationName"];

    /// <summary>A message naming the missing or invalid setting, or null when the settings are usable.</summary>
    public static string? Validate(IConfiguration configuration, IEnumerable<string> args)
    {
        if (UnknownSwitch(args) is { } unknown)
        {
            return $"Unknown switch '{unknown}'; any other setting is given by its configuration key, as --Section:Key=value.";
        }

        if (string.IsNullOrWhiteSpace(configuration["Cluster:Membership"]))
        {
            return "Missing --membership (Cluster:Membership): the membership table all silos of the cluster share.";
        }

        if (string.IsNullOrWhiteSpace(configuration["Storage"]))
        {
            return "Missing --storage (Storage): where grain state lives.";
        }

        try
        {
            ClusteringSpec.Parse(configuration["Cluster:Membership"]!);
            StorageSpec.Parse(configuration["Storage"]!);
            if (configuration["Cluster:TlsCertificate"] is { Length: > 0 } certificate)
            {
                ClusterTls.Load(certificate, configuration["Cluster:TlsPassword"]).Dispose();
            }
        }
        catch (FormatException error)
        {
            return error.Message;
        }

        foreach (var (key, name) in new[] { ("Cluster:Port", "--port"), ("Cluster:GatewayPort", "--gateway-port"), ("Metrics:Port", "--metrics-port") })
        {
            if (configuration[key] is { } port && (!int.TryParse(port, out var number) || number is < 0 or > 65535))
            {
                return $"{name} must be a TCP port number (0-65535), not '{port}'.";
            }
        }

        return configuration["Cluster:Host"] is { } host && !IPAddress.TryParse(host, out _)
            ? $"--host must be an IP address to listen on, not '{host}'."
            : null;
    }

    /// <summary>The first switch that is neither one of this silo's, nor the host's, nor a configuration key
    /// (<c>--Silo:CallTimeout=00:00:05</c>): a mistyped switch would otherwise be a setting nobody reads.</summary>
    private static string? UnknownSwitch(IEnumerable<string> args)
    {
        foreach (var arg in args)
        {
            if (!arg.StartsWith('-'))
            {
                continue;
            }

            var name = arg.Split('=', 2)[0];
            var known = SwitchMappings.ContainsKey(name) || name.Contains(':')
                || HostSwitches.Contains(name, StringComparer.OrdinalIgnoreCase);
            if (!known)
            {
                return name;
            }
        }

        return null;
    }
}
