using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PersoActors.Storage.Hosting;
using PersoActors.Tests.Shared.Processes;

namespace PersoActors.Browser.Tests.Infrastructure;

/// <summary>A running test cluster: silo processes on one SQLite membership and state file, each serving its metrics on
/// a free loopback port, and a gateway process in cluster mode in front of them, listening on a free loopback port.</summary>
public sealed class Cluster : IAsyncLifetime
{
    private const int SiloCount = 2;

    public const string AdminKey = "browser-test-admin-key";

    private readonly string directory = Directory.CreateTempSubdirectory("persoactors-browser-").FullName;
    private readonly List<AppProcess> processes = [];

    /// <summary>The gateway's address (a free loopback port).</summary>
    public string GatewayUrl { get; private set; } = "";

    /// <summary>The active silos' endpoints (host:port), as the gateway reports them.</summary>
    public IReadOnlyList<string> SiloEndpoints { get; private set; } = [];

    /// <summary>Each silo's <c>--metrics-port</c> scrape address.</summary>
    public IReadOnlyList<string> SiloMetricsUrls { get; private set; } = [];

    /// <summary>Starts the silos and the gateway, and waits until the gateway sees every silo active.</summary>
    public async Task InitializeAsync()
    {
        var membership = $"sqlite:{Path.Combine(directory, "membership.db")}";
        var storage = $"sqlite:{Path.Combine(directory, "state.db")}";
        const string clusterId = "browser";
        var metricsUrls = new List<string>();
        for (var i = 0; i < SiloCount; i++)
        {
            var metricsPort = FreePort.On(IPAddress.Loopback);
            metricsUrls.Add($"http://127.0.0.1:{metricsPort}/metrics");
            processes.Add(SiloProcess.Start(
                "--port", "0", "--gateway-port", "0", "--cluster-id", clusterId, "--membership", membership, "--storage", storage,
                "--metrics-port", $"{metricsPort}"));
        }

        SiloMetricsUrls = metricsUrls;
        try
        {
            var gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
            {
                ["Cluster:Membership"] = membership,
                ["Cluster:ClusterId"] = clusterId,
                ["Auth:ApiKeys:0:Key"] = AdminKey,
                ["Auth:ApiKeys:0:Role"] = "admin",
            }, TimeSpan.FromSeconds(90));
            processes.Add(gateway);
            GatewayUrl = gateway.Address.ToString().TrimEnd('/');
            SiloEndpoints = await WaitForActiveSilosAsync(SiloCount, TimeSpan.FromSeconds(90));
        }
        catch
        {
            // A fixture that fails to start is not disposed by xunit: stop what was started.
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>An HTTP client of the gateway with the admin key.</summary>
    public HttpClient Admin() => new(new SocketsHttpHandler(), disposeHandler: true)
    {
        BaseAddress = new Uri(GatewayUrl),
        Timeout = TimeSpan.FromSeconds(30),
        DefaultRequestHeaders = { { "X-Api-Key", AdminKey } },
    };

    public async Task DisposeAsync()
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
        using var http = Admin();
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

/// <summary>One running cluster for every test class of this project (starting one takes seconds).</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<Cluster>
{
    public const string Name = "cluster";
}
