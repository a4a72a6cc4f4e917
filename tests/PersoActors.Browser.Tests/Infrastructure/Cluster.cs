using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PersoActors.Storage.Hosting;

namespace PersoActors.Browser.Tests.Infrastructure;

/// <summary>A running test cluster: silo processes on one SQLite membership and state file, and a gateway process in
/// cluster mode in front of them, listening on a free loopback port.</summary>
internal sealed class Cluster : IAsyncDisposable
{
    public const string AdminKey = "browser-test-admin-key";

    private readonly string directory = Directory.CreateTempSubdirectory("persoactors-browser-").FullName;
    private readonly List<ProjectProcess> processes = [];

    private Cluster(int gatewayPort) => GatewayUrl = $"http://127.0.0.1:{gatewayPort}";

    public string GatewayUrl { get; }

    /// <summary>Starts <paramref name="silos"/> silos and the gateway, and waits until the gateway sees every silo active;
    /// returns the silos' endpoints (host:port) as the gateway reports them.</summary>
    public static async Task<(Cluster Cluster, IReadOnlyList<string> SiloEndpoints)> StartAsync(int silos)
    {
        var cluster = new Cluster(FreePort.On(IPAddress.Loopback));
        var membership = $"sqlite:{Path.Combine(cluster.directory, "membership.db")}";
        var storage = $"sqlite:{Path.Combine(cluster.directory, "state.db")}";
        const string clusterId = "browser";
        for (var i = 0; i < silos; i++)
        {
            cluster.processes.Add(ProjectProcess.Start("Silo", "PersoActors.Silo",
                "--port", "0", "--gateway-port", "0", "--cluster-id", clusterId, "--membership", membership, "--storage", storage));
        }

        cluster.processes.Add(ProjectProcess.Start("Gateway", "PersoActors.Gateway",
            "--Urls", cluster.GatewayUrl, "--Cluster:Membership", membership, "--Cluster:ClusterId", clusterId,
            "--Auth:ApiKeys:0:Key", AdminKey, "--Auth:ApiKeys:0:Role", "admin"));
        var endpoints = await cluster.WaitForActiveSilosAsync(silos, TimeSpan.FromSeconds(90));
        return (cluster, endpoints);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(processes))
        {
            process.Dispose();
        }

        await Task.Yield();
        Directory.Delete(directory, recursive: true);
    }

    private async Task<IReadOnlyList<string>> WaitForActiveSilosAsync(int count, TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = new Uri(GatewayUrl), Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (processes.FirstOrDefault(p => p.HasExited) is { } exited)
            {
                throw new InvalidOperationException($"A cluster process exited:\n{exited.Output}");
            }

            try
            {
                var report = await http.GetFromJsonAsync<JsonElement>("/v1/cluster");
                var active = report.GetProperty("silos").EnumerateArray()
                    .Where(s => s.GetProperty("status").GetString() == "active")
                    .Select(s => s.GetProperty("endpoint").GetString()!)
                    .ToArray();
                if (active.Length == count)
                {
                    return active;
                }
            }
            catch (HttpRequestException)
            {
                // The gateway is not listening yet, or not connected to the cluster yet.
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"The gateway did not see {count} active silos within {timeout.TotalSeconds} s.\n{processes[^1].Output}");
            }

            await Task.Delay(100);
        }
    }
}
