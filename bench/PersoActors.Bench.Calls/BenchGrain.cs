namespace PersoActors.Bench.Calls;

public interface IBenchGrain : IGrainWithStringKey
{
    Task<int> AddAsync(int amount);

    Task WriteAsync(int value);
}

public sealed class BenchState
{
    public int Value { get; set; }

    public string Payload { get; set; } = new('x', 200);
}

/// <summary>The same logic as <see cref="BenchGrain"/> on a plain object: the baseline.</summary>
public sealed class PlainCounter
{
    private int total;

    public Task<int> AddAsync(int amount) => Task.FromResult(total += amount);
}

public sealed class BenchGrain([PersistentState("bench")] IPersistentState<BenchState> state) : Grain, IBenchGrain
{
    private int total;

    public Task<int> AddAsync(int amount) => Task.FromResult(total += amount);

    public Task WriteAsync(int value)
    {
        state.State.Value = value;
        return state.WriteStateAsync();
    }
}
