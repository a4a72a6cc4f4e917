using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using PersoActors.Grains.Hosting;
using PersoActors.Grains.Interfaces;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Storage.Hosting;
using static PersoActors.Grains.Tests.Customers.Events;

namespace PersoActors.Grains.Tests.Customers;

/// <summary>Customer grains on a 3-silo Orleans test cluster sharing one SQLite file, as silos of one machine do.</summary>
public sealed class CustomerClusterTests : IAsyncLifetime
{
    private readonly TempDirectory directory = new();
    private InProcessTestCluster cluster = null!;

    private IGrainFactory Client => cluster.Client;

    public async Task InitializeAsync()
    {
        var path = directory.File("state.db");
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSilo((_, silo) => silo.AddSqliteGrainStorageAsDefault(path).AddPersoActorsGrains());
        builder.ConfigureClient(client => client.Services.AddPersoActorsSerialization());
        cluster = builder.Build();
        await cluster.DeployAsync();
    }

    [Fact]
    public async Task Concurrent_calls_from_every_silo_reach_one_activation_that_applies_them_all()
    {
        var customer = $"one-{Guid.NewGuid():N}";
        await Client.GetGrain<ICustomerGrain>(customer).ChangeConsentsAsync(Grant(ConsentPurpose.Analytics));
        var factories = cluster.Silos.Select(s => s.ServiceProvider.GetRequiredService<IGrainFactory>()).Append(Client).ToArray();

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            factories[i % factories.Length].GetGrain<ICustomerGrain>(customer).TrackEventsAsync([View($"sku-{i}", minutes: i)])));

        var profile = await Client.GetGrain<ICustomerGrain>(customer).GetProfileAsync();
        Assert.Equal(40, profile.EventCount);
        var management = Client.GetGrain<IManagementGrain>(0);
        Assert.Equal(1, await management.GetGrainActivationCount((GrainReference)Client.GetGrain<ICustomerGrain>(customer)));
    }

    [Fact]
    public async Task A_deactivated_customer_is_read_back_from_the_store_with_every_acknowledged_change()
    {
        var grain = Client.GetGrain<ICustomerGrain>($"deactivated-{Guid.NewGuid():N}");
        await grain.ChangeConsentsAsync(Grant(ConsentPurpose.Analytics, ConsentPurpose.Personalization));
        await grain.TrackEventsAsync([View("sku-1"), View("sku-2")]);
        await grain.TrackEventsAsync([View("sku-3")]);

        await cluster.DeactivateAsync(grain);
        await cluster.WaitForDeactivationAsync(grain);

        var profile = await grain.GetProfileAsync();
        Assert.Equal(["sku-1", "sku-2", "sku-3"], profile.RecentEvents.Select(e => e.ItemId));
    }

    [Fact]
    public async Task Customers_of_a_killed_silo_are_served_by_the_others_from_the_store()
    {
        var customers = Enumerable.Range(0, 30).Select(i => $"killed-{i}-{Guid.NewGuid():N}").ToArray();
        foreach (var customer in customers)
        {
            var grain = Client.GetGrain<ICustomerGrain>(customer);
            await grain.ChangeConsentsAsync(Grant(ConsentPurpose.Analytics));
            await grain.TrackEventsAsync([View(customer)]);
        }

        var management = Client.GetGrain<IManagementGrain>(0);
        var victim = cluster.Silos[^1];
        await cluster.KillSiloAsync(victim);

        foreach (var customer in customers)
        {
            var profile = await Client.GetGrain<ICustomerGrain>(customer).GetProfileAsync();
            Assert.Equal(customer, Assert.Single(profile.RecentEvents).ItemId);
            Assert.NotEqual(victim.SiloAddress, await management.GetActivationAddress(Client.GetGrain<ICustomerGrain>(customer)));
        }
    }

    public async Task DisposeAsync()
    {
        await cluster.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        directory.Dispose();
    }
}
