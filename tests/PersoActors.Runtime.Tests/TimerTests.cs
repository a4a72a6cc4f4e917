using PersoActors.Runtime.Tests.Grains;

namespace PersoActors.Runtime.Tests;

public sealed class TimerTests
{
    [Fact]
    public async Task Timer_ticks_run_as_turns_and_never_overlap_calls()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITimerGrain>("ticking");

        await grain.GetTicksAsync();
        for (var i = 0; i < 5; i++)
        {
            await grain.SlowCallAsync();
        }

        await silo.Probe.FiveTicks.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(await grain.GetTicksAsync() >= 5);
        Assert.Equal(0, silo.Probe.Overlaps);
    }

    [Fact]
    public async Task Timer_ticks_do_not_keep_an_idle_grain_alive()
    {
        await using var silo = await TestSilo.StartAsync(s => s.Configure(o =>
        {
            o.CollectionAge = TimeSpan.FromMilliseconds(200);
            o.CollectionQuantum = TimeSpan.FromMilliseconds(50);
        }));

        await silo.Grains.GetGrain<ITimerGrain>("idle-ticker").GetTicksAsync();

        var reason = await silo.Probe.NextDeactivation(silo.IdOf<ITimerGrain>("idle-ticker")).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(DeactivationReason.Idle, reason);
    }
}
