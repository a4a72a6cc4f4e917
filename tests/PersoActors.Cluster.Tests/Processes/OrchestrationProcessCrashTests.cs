using System.Net;
using System.Text.Json;
using PersoActors.Cluster.Tests.Infrastructure;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Grains.Interfaces.Orchestration;
using PersoActors.Grains.Orchestration;
using PersoActors.Storage.Hosting;
using PersoActors.Tests.Shared;
using Xunit.Abstractions;
using PersoActors.Tests.Shared.Processes;

namespace PersoActors.Cluster.Tests.Processes;

/// <summary>A message decided on a silo process that is then killed (SIGKILL, before the message is due) is still
/// delivered: the decision is in the customer's stored state and the reminder in the SQLite reminder table brings the
/// customer back on the surviving silo.</summary>
public sealed class OrchestrationProcessCrashTests(ITestOutputHelper output) : IDisposable
{
    private const string Secret = "crash-secret";
    private readonly string directory = Directory.CreateTempSubdirectory("persoactors-orch-crash-").FullName;
    private readonly List<SiloProcess> silos = [];

    [Fact]
    public async Task A_silo_killed_between_the_decision_and_the_delivery_still_delivers_every_message()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var clusterId = $"orch-{Guid.NewGuid():N}"[..16];
        var membership = $"sqlite:{Path.Combine(directory, "membership.db")}";
        var ports = new List<int>();
        for (var i = 0; i < 2; i++)
        {
            var port = FreePort.On(IPAddress.Loopback);
            ports.Add(port);
            silos.Add(SiloProcess.Start("--port", port.ToString(), "--gateway-port", "0", "--cluster-id", clusterId, "--membership", membership,
                "--storage", $"sqlite:{Path.Combine(directory, "state.db")}",
                "--Orchestration:Destinations:crm:Url", receiver.Url, "--Orchestration:Destinations:crm:Secret", Secret,
                "--Orchestration:ReminderPeriod", "00:00:02"));
        }

        await using var client = await ClusterClient.StartAsync(membership, clusterId, callTimeout: TimeSpan.FromSeconds(5));
        await Eventually.WaitUntilAsync(async () => await client.ActiveSilosAsync() == 2, TimeSpan.FromSeconds(60));
        var grains = client.Grains;
        await grains.GetGrain<ITriggerConfigGrain>("default").PutTriggerAsync(new TriggerDefinition(
            "abandoned-cart", [new TriggerEvent(EventType.AddToCart)], TimeSpan.FromSeconds(15), "email", "crm", RequireCart: true));

        var customers = Enumerable.Range(0, 12).Select(i => $"orch-crash-{i}").ToArray();
        foreach (var id in customers)
        {
            var customer = grains.GetGrain<ICustomerGrain>(id);
            await customer.ChangeConsentsAsync(new ConsentChange(
                [new ConsentDecision(ConsentPurpose.Analytics, true), new ConsentDecision(ConsentPurpose.Marketing, true)], "test", false));
            await customer.PatchPreferencesAsync(new PreferencesPatch { AcceptedChannels = ["email"] });
            await customer.TrackEventsAsync([new BehaviourEvent(EventType.AddToCart, DateTimeOffset.UtcNow, "sku-1", Value: 10m)]);
        }

        // Kill the silo that holds the most of these customers, before any message is due.
        var hosts = (await grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics())
            .Where(s => s.GrainId.Type.ToString() == "customer" && customers.Contains(s.GrainId.Key.ToString()))
            .GroupBy(s => s.SiloAddress.Endpoint.Port).OrderByDescending(g => g.Count()).First();
        var victimCustomers = hosts.Select(s => s.GrainId.Key.ToString()!).ToHashSet();
        Assert.NotEmpty(victimCustomers);
        Assert.Equal(0, receiver.Count); // killed between the decisions and their deliveries
        silos[ports.IndexOf(hosts.Key)].KillHard();
        output.WriteLine($"killed the silo holding {victimCustomers.Count} of {customers.Length} customers");

        var delivered = new Dictionary<string, List<ReceivedWebhook>>();
        while (!customers.All(delivered.ContainsKey))
        {
            var webhook = await receiver.NextAsync();
            var customerId = JsonDocument.Parse(webhook.Body).RootElement.GetProperty("customerId").GetString()!;
            Assert.True(WebhookSignature.Verify(Secret, webhook.Signature, webhook.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
            (delivered.TryGetValue(customerId, out var list) ? list : delivered[customerId] = []).Add(webhook);
        }

        // At least once; a copy, if any, carries the same idempotency key.
        Assert.All(delivered.Values, copies => Assert.Single(copies.Select(c => c.IdempotencyKey).Distinct()));
        foreach (var id in victimCustomers)
        {
            var message = Assert.Single(await grains.GetGrain<ICustomerGrain>(id).GetMessagesAsync());
            Assert.Equal(MessageStatus.Delivered, message.Status);
        }
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
