using PersoActors.Runtime;
using PersoActors.Runtime.Cluster.Membership;

namespace PersoActors.Cluster.Tests.Grains;

/// <summary>What a counter answers: its value and the silo that served the call.</summary>
public sealed record CounterReply(long Value, string Silo, int ActivationNumber);

public interface ICounterGrain : IGrainWithStringKey
{
    Task<CounterReply> AddAsync(int amount);

    Task<CounterReply> GetAsync();

    Task FailAsync(string message);

    Task<string> EchoAsync(string text);

    Task DelayAsync(int milliseconds);
}

public sealed class CounterState
{
    public long Value { get; set; }
}

public sealed class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> state, LocalSilo silo) : Grain, ICounterGrain
{
    private static int activations;
    private readonly int activationNumber = Interlocked.Increment(ref activations);

    public async Task<CounterReply> AddAsync(int amount)
    {
        state.State.Value += amount;
        await state.WriteStateAsync();
        return Reply();
    }

    public Task<CounterReply> GetAsync() => Task.FromResult(Reply());

    public Task FailAsync(string message) => throw new ArgumentException(message);

    public Task<string> EchoAsync(string text) => Task.FromResult(text);

    public Task DelayAsync(int milliseconds) => Task.Delay(milliseconds);

    private CounterReply Reply() => new(state.State.Value, silo.Address?.ToString() ?? "?", activationNumber);
}
