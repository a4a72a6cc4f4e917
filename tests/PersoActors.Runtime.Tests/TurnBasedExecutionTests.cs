using PersoActors.Runtime.Tests.Grains;

namespace PersoActors.Runtime.Tests;

public sealed class TurnBasedExecutionTests
{
    [Fact]
    public async Task Concurrent_calls_to_one_grain_never_overlap()
    {
        await using var silo = await TestSilo.StartAsync();
        var counter = silo.Grains.GetGrain<ICounterGrain>("one");

        var results = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() => counter.IncrementAsync())));

        Assert.Equal(Enumerable.Range(1, 1000), results.Order());
        Assert.Equal(1, await counter.GetMaxConcurrencyAsync());
    }

    [Fact]
    public async Task Each_grain_activates_once_under_concurrent_first_calls()
    {
        await using var silo = await TestSilo.StartAsync();

        await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => silo.Grains.GetGrain<ICounterGrain>("first").IncrementAsync())));

        Assert.Equal(1, silo.Probe.ActivationsOf(silo.IdOf<ICounterGrain>("first")));
    }

    [Fact]
    public async Task Ten_thousand_distinct_grains_run_in_parallel()
    {
        await using var silo = await TestSilo.StartAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 10_000).Select(i => Task.Run(() => silo.Grains.GetGrain<ICounterGrain>($"g{i}").IncrementAsync())));

        Assert.All(results, r => Assert.Equal(1, r));
        Assert.Equal(10_000, silo.Catalog.Count);
        Assert.Equal(10_000, silo.Probe.TotalActivations);
    }

    [Fact]
    public async Task Grains_call_other_grains_through_their_factory()
    {
        await using var silo = await TestSilo.StartAsync();

        var answer = await silo.Grains.GetGrain<IBehaviourGrain>("a").CallOtherAsync("b", "hello");

        Assert.Equal("hello", answer);
    }
}
