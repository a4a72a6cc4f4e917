using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;

namespace PersoActors.Cluster.Tests.Infrastructure;

/// <summary>A traffic driver's record of what the cluster acknowledged: events answered 2xx must be stored; events whose
/// request failed may or may not be (the call may have run before the answer was lost).</summary>
internal sealed class EventLedger
{
    private readonly ConcurrentDictionary<string, int> acknowledged = new();
    private readonly ConcurrentDictionary<string, int> unknown = new();

    /// <summary>How many customers had at least one event acknowledged.</summary>
    public int AcknowledgedCustomers => acknowledged.Count;

    public void Acknowledged(string customer) => acknowledged.AddOrUpdate(customer, 1, (_, n) => n + 1);

    public void Unknown(string customer) => unknown.AddOrUpdate(customer, 1, (_, n) => n + 1);

    /// <summary>Every customer's stored event count lies between its acknowledged events and those plus its failed ones.</summary>
    public async Task AssertStoredAsync(HttpClient http, IEnumerable<string> customers)
    {
        foreach (var customer in customers)
        {
            var profile = await http.GetFromJsonAsync<JsonElement>($"/v1/customers/{customer}");
            var acked = acknowledged.GetValueOrDefault(customer);
            Assert.InRange(profile.GetProperty("eventCount").GetInt64(), acked, acked + unknown.GetValueOrDefault(customer));
        }
    }

    public override string ToString() => $"acknowledged {acknowledged.Values.Sum()}, failed {unknown.Values.Sum()}";
}
