using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using PersoActors.Cluster.Tests.Infrastructure;
using PersoActors.Cluster.Tests.Processes;
using PersoActors.Grains.Decisions;
using PersoActors.Gateway.Operations;
using PersoActors.Tests.Shared;
using PersoActors.Tests.Shared.Processes;

namespace PersoActors.Cluster.Tests.Gateway;

/// <summary>The real gateway in cluster mode, in front of real silo processes: it holds no grains
/// and routes every customer to the silo that owns it.</summary>
public sealed class GatewayClusterModeTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private readonly string directory = Directory.CreateTempSubdirectory("persoactors-gateway-cluster-").FullName;
    private readonly List<SiloProcess> silos = [];

    [Theory]
    [InlineData("sqlite")]
    [InlineData("azure")]
    public async Task A_gateway_with_a_cluster_configured_serves_customers_from_the_silos_and_reports_them(string backEnd)
    {
        var (membership, storage) = backEnd == "sqlite"
            ? ($"sqlite:{Path.Combine(directory, "membership.db")}", $"sqlite:{Path.Combine(directory, "state.db")}")
            : ($"azure:{azurite.ConnectionString}", $"azure:{azurite.ConnectionString}");
        for (var i = 0; i < 2; i++)
        {
            silos.Add(SiloProcess.Start("--port", "0", "--gateway-port", "0", "--cluster-id", "gw", "--membership", membership, "--storage", storage));
        }

        await using var gateway = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Cluster:Membership", membership);
            web.UseSetting("Cluster:ClusterId", "gw");
            // Busy CI cores would turn scheduling hiccups into queue-wait 503s; shedding is tested in the gateway tests.
            web.UseSetting("Overload:MaxQueueWait", "00:00:00");
            web.ConfigureLogging(logging => logging.ClearProviders());
        });
        var admin = gateway.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", "dev-admin-key");

        var report = await WaitForAsync(admin, r => r.Silos.Count(s => s.Status == "active") == 2);
        Assert.Equal("gw", report.ClusterId);

        for (var i = 0; i < 20; i++)
        {
            var customer = $"routed-{i}";
            (await admin.PutAsJsonAsync($"/v1/customers/{customer}/consents", new { consents = new { analytics = "granted" } }, Json)).EnsureSuccessStatusCode();
            (await admin.PostAsJsonAsync($"/v1/customers/{customer}/events",
                new { events = new[] { new { type = "view", itemId = $"sku-{i}", categories = new[] { "shoes" } } } }, Json)).EnsureSuccessStatusCode();
            var profile = await admin.GetFromJsonAsync<JsonElement>($"/v1/customers/{customer}", Json);
            Assert.Equal($"sku-{i}", profile.GetProperty("recentEvents")[0].GetProperty("itemId").GetString());
        }

        // Besides the 20 customers, the silos host the grains their decision snapshots poll (catalog, decision config,
        // every item-signal shard).
        var loaded = await WaitForAsync(admin, r => r.Silos.Sum(s => s.Activations) >= 20 + ItemShards.Count + 2);
        Assert.All(loaded.Silos, s => Assert.True(s.Activations > 0, $"{s.Endpoint} holds no customer: placement is not spreading them."));
    }

    private static async Task<ClusterStatusReport> WaitForAsync(HttpClient admin, Func<ClusterStatusReport, bool> condition)
    {
        ClusterStatusReport? report = null;
        await Eventually.WaitUntilAsync(async () => condition(report = (await admin.GetFromJsonAsync<ClusterStatusReport>("/v1/cluster", Json))!), TimeSpan.FromSeconds(60));
        return report!;
    }

    public void Dispose()
    {
        foreach (var silo in silos)
        {
            silo.Dispose();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
