using PersoActors.Runtime.Tests.Grains;

namespace PersoActors.Runtime.Tests;

public sealed class DeactivationTests
{
    [Fact]
    public async Task Idle_deactivation_flushes_state_and_the_next_call_reloads_it()
    {
        await using var silo = await TestSilo.StartAsync(s => s.Configure(o =>
        {
            o.CollectionAge = TimeSpan.FromMilliseconds(200);
            o.CollectionQuantum = TimeSpan.FromMilliseconds(50);
        }));
        var register = silo.Grains.GetGrain<IRegisterGrain>("idle");
        var id = silo.IdOf<IRegisterGrain>("idle");

        await register.SetAsync("kept in memory only");
        var reason = await silo.Probe.NextDeactivation(id).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(DeactivationReason.Idle, reason);
        Assert.Equal("kept in memory only", await register.GetAsync());
        Assert.Equal(2, silo.Probe.ActivationsOf(id));
    }

    [Fact]
    public async Task Exceeding_the_activation_cap_deactivates_the_least_recently_used()
    {
        await using var silo = await TestSilo.StartAsync(s => s.Configure(o => o.MaxActivations = 3));
        var ids = Enumerable.Range(0, 4).Select(i => silo.IdOf<IRegisterGrain>($"r{i}")).ToArray();
        for (var i = 0; i < 3; i++)
        {
            await silo.Grains.GetGrain<IRegisterGrain>($"r{i}").SetAsync($"value {i}");
        }

        await silo.Grains.GetGrain<IRegisterGrain>("r0").GetAsync();
        await silo.Grains.GetGrain<IRegisterGrain>("r3").SetAsync("value 3");

        Assert.Equal(DeactivationReason.CapacityPressure, await silo.Probe.NextDeactivation(ids[1]).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(silo.Probe.WasDeactivated(ids[0]));
        Assert.False(silo.Probe.WasDeactivated(ids[2]));
        Assert.Equal("value 1", await silo.Grains.GetGrain<IRegisterGrain>("r1").GetAsync());
        Assert.Equal(2, silo.Probe.ActivationsOf(ids[1]));
    }

    [Fact]
    public async Task Graceful_shutdown_flushes_every_activation()
    {
        using var directory = new TempDirectory();
        var path = directory.File("state.db");
        await using (var silo = await TestSilo.StartAsync(s => s.UseSqliteStorage(path)))
        {
            await Task.WhenAll(Enumerable.Range(0, 50).Select(i => silo.Grains.GetGrain<IRegisterGrain>($"s{i}").SetAsync($"v{i}")));
        }

        await using var restarted = await TestSilo.StartAsync(s => s.UseSqliteStorage(path));
        var values = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => restarted.Grains.GetGrain<IRegisterGrain>($"s{i}").GetAsync()));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"v{i}"), values);
    }
}
