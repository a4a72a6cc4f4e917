namespace PersoActors.Bench.Ingestion;

public interface ISmallRowGrain : IGrainWithStringKey
{
    Task WriteAsync(int value);
}

public sealed class SmallRowState
{
    public int Value { get; set; }
}

/// <summary>A grain whose state is one number: what a durable write costs Orleans and the store, without a profile.</summary>
public sealed class SmallRowGrain([PersistentState("small")] IPersistentState<SmallRowState> state) : Grain, ISmallRowGrain
{
    public Task WriteAsync(int value)
    {
        state.State.Value = value;
        return state.WriteStateAsync();
    }
}
