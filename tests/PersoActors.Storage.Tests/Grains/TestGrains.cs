using System.Text;
using PersoActors.Storage.Tests.Infrastructure;

namespace PersoActors.Storage.Tests.Grains;

public sealed class JournalGrain([JournaledState("journal")] IJournaledState<Box> state) : Grain, IJournalGrain
{
    private readonly Guid activation = Guid.NewGuid();
    private ActivationView? seen;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The facet read the state and journal in SetupState, before this runs.
        var journal = state.TakeJournal().Select(e => Encoding.UTF8.GetString(e.Span)).ToArray();
        seen = new ActivationView(activation, state.RecordExists, state.State.Value, journal);
        return Task.CompletedTask;
    }

    public Task<ActivationView> GetActivationViewAsync() => Task.FromResult(seen!);

    public Task SetAsync(string value)
    {
        state.State.Value = value;
        return state.WriteStateAsync();
    }

    public Task AppendAsync(string entry) => state.AppendAsync(Encoding.UTF8.GetBytes(entry));

    public Task EraseAsync() => state.ClearStateAsync();

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

public sealed class Counter
{
    public int Count { get; set; }
}

public sealed class CounterGrain([PersistentState("counter")] IPersistentState<Counter> counter) : Grain, ICounterGrain
{
    public async Task<int> IncrementAsync()
    {
        counter.State.Count++;
        await counter.WriteStateAsync();
        return counter.State.Count;
    }

    public Task<int> GetAsync() => Task.FromResult(counter.State.Count);

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
