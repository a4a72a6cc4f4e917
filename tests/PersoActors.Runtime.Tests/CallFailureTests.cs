using PersoActors.Runtime.Tests.Grains;

namespace PersoActors.Runtime.Tests;

public sealed class CallFailureTests
{
    [Fact]
    public async Task Exceptions_thrown_by_grain_code_reach_the_caller_with_type_and_message()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<IBehaviourGrain>("thrower");

        var synchronous = await Assert.ThrowsAsync<ArgumentException>(() => grain.ThrowSynchronouslyAsync("bad argument"));
        var asynchronous = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.ThrowAfterAwaitAsync("bad state"));

        Assert.Equal("bad argument", synchronous.Message);
        Assert.Equal("bad state", asynchronous.Message);
        Assert.Equal("still alive", await grain.EchoAsync("still alive"));
    }

    [Fact]
    public async Task A_call_that_outlives_the_timeout_raises_a_clear_exception_and_expired_queued_calls_never_run()
    {
        await using var silo = await TestSilo.StartAsync(s => s.Configure(o => o.CallTimeout = TimeSpan.FromSeconds(1)));
        var grain = silo.Grains.GetGrain<IBehaviourGrain>("stuck");

        var blocking = Assert.ThrowsAsync<GrainCallTimeoutException>(() => grain.WaitForReleaseAsync());
        var queuedBehind = Assert.ThrowsAsync<GrainCallTimeoutException>(() => grain.EchoAsync("queued"));

        var timeout = await blocking;
        await queuedBehind;
        Assert.Contains("IBehaviourGrain.WaitForReleaseAsync", timeout.Message);
        Assert.Contains("behaviour/stuck", timeout.Message);

        silo.Probe.Release.SetResult();
        Assert.Equal("free again", await grain.EchoAsync("free again"));
        Assert.Equal(["free again"], silo.Probe.Echoes);
    }

    [Fact]
    public async Task A_grain_type_without_a_class_fails_clearly()
    {
        await using var silo = await TestSilo.StartAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => silo.Grains.GetGrain<IUnimplementedGrain>("x").PingAsync());

        Assert.Contains("unimplemented", error.Message);
    }
}

public interface IUnimplementedGrain : IGrainWithStringKey
{
    Task PingAsync();
}
