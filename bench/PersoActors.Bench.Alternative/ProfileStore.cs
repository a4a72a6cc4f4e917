using System.Text.Json;
using PersoActors.Grains.Customers;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Grains.Interfaces.Decisions;
using StackExchange.Redis;

namespace PersoActors.Bench.Alternative;

/// <summary>What the stateless service keeps per customer in Redis: the same snapshot the customer grain
/// persists, plus the decision memory (offer caps, experiment variants).</summary>
public sealed record StoredCustomer(CustomerSnapshot? Profile, CustomerDecisionState? Decisions);

/// <summary>A customer loaded for one request: the rebuilt profile and its decision memory.</summary>
public sealed record LoadedCustomer(CustomerProfile Profile, CustomerDecisionState Decisions);

/// <summary>Reads and writes customers as JSON under <c>customer:{id}</c>, with <see cref="StoreJson"/>.</summary>
public sealed class ProfileStore(IConnectionMultiplexer redis, CustomerProfileOptions options)
{
    public async Task<LoadedCustomer> LoadAsync(string customerId)
    {
        var data = await redis.GetDatabase().StringGetAsync(Key(customerId)).ConfigureAwait(false);
        var stored = data.IsNull ? null : JsonSerializer.Deserialize<StoredCustomer>((byte[])data!, StoreJson.Options);
        var profile = stored?.Profile is { } snapshot ? CustomerProfile.FromSnapshot(snapshot, options) : new CustomerProfile(options);
        return new LoadedCustomer(profile, stored?.Decisions ?? CustomerDecisionState.Empty);
    }

    public Task SaveAsync(string customerId, CustomerProfile profile, CustomerDecisionState decisions, DateTimeOffset now)
    {
        var stored = new StoredCustomer(profile.ToSnapshot(customerId, now), decisions);
        return redis.GetDatabase().StringSetAsync(Key(customerId), JsonSerializer.SerializeToUtf8Bytes(stored, StoreJson.Options));
    }

    private static string Key(string customerId) => "customer:" + customerId;
}
