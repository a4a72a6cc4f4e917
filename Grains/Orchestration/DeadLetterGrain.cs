using PersoActors.Grains.Interfaces.Orchestration;

namespace PersoActors.Grains.Orchestration;

/// <summary>What the dead-letter index persists.</summary>
public sealed class DeadLetterState
{
    public List<DeadLetter> Letters { get; set; } = [];
}

/// <summary>The cluster-wide list of dead letters. Customer grains add an entry before they mark a message dead
/// (so the index is a superset of the truth; an entry whose message is gone is dropped on retry or discard);
/// removals are scrubbed, because the entries name customers.</summary>
[GrainType("dead-letters")]
public sealed class DeadLetterGrain([JournaledState("dead-letters")] IJournaledState<DeadLetterState> state) : Grain, IDeadLetterGrain
{
    public async Task AddAsync(DeadLetter letter)
    {
        state.State.Letters.RemoveAll(l => Same(l, letter.CustomerId, letter.MessageId));
        state.State.Letters.Add(letter);
        await state.WriteStateAsync(StateWriteMode.Normal);
    }

    public async Task RemoveAsync(string customerId, string messageId)
    {
        if (state.State.Letters.RemoveAll(l => Same(l, customerId, messageId)) > 0)
        {
            await state.WriteStateAsync(StateWriteMode.Scrub);
        }
    }

    public async Task RemoveCustomerAsync(string customerId)
    {
        if (state.State.Letters.RemoveAll(l => l.CustomerId == customerId) > 0)
        {
            await state.WriteStateAsync(StateWriteMode.Scrub);
        }
    }

    public Task<IReadOnlyList<DeadLetter>> ListAsync() => Task.FromResult<IReadOnlyList<DeadLetter>>([.. state.State.Letters.OrderBy(l => l.At)]);

    private static bool Same(DeadLetter letter, string customerId, string messageId) =>
        letter.CustomerId == customerId && letter.MessageId == messageId;
}
