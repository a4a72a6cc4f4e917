namespace PersoActors.Storage;

/// <summary>The <see cref="IJournaledState{TState}"/> a grain gets for a <see cref="JournaledStateAttribute"/>
/// parameter: the state and the journal after it, read in the grain's SetupState lifecycle stage (before
/// <c>OnActivateAsync</c>), written through an <see cref="IJournaledGrainStorage"/> with the ETag it read.
/// Not thread-safe: it belongs to one activation, whose turns never overlap.</summary>
public sealed class JournaledState<TState> : IJournaledState<TState>, ILifecycleParticipant<IGrainLifecycle>
{
    private readonly string stateName;
    private readonly GrainId grainId;
    private readonly IJournaledGrainStorage storage;
    private readonly GrainState<TState> stored = new();
    private IReadOnlyList<ReadOnlyMemory<byte>> journal = [];

    /// <summary>The durability of the last relaxed append (the store fails every later one if an earlier one failed).</summary>
    private Task unflushed = Task.CompletedTask;

    /// <summary>A state named <paramref name="stateName"/> of the grain <paramref name="grainId"/> in
    /// <paramref name="storage"/>; empty until <see cref="ReadStateAsync()"/> (the lifecycle calls it once subscribed).</summary>
    public JournaledState(string stateName, GrainId grainId, IJournaledGrainStorage storage)
    {
        this.stateName = stateName;
        this.grainId = grainId;
        this.storage = storage;
    }

    /// <inheritdoc/>
    public TState State
    {
        get => stored.State!;
        set => stored.State = value;
    }

    /// <inheritdoc/>
    public string? Etag => stored.ETag;

    /// <inheritdoc/>
    public bool RecordExists => stored.RecordExists;

    /// <inheritdoc/>
    public int JournalLength { get; private set; }

    /// <summary>Reloads the state and its journal from the store (replacing any journal not yet taken).</summary>
    public async Task ReadStateAsync()
    {
        journal = await storage.ReadStateAndJournalAsync(stateName, grainId, stored).ConfigureAwait(false);
        JournalLength = journal.Count;
        unflushed = Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task WriteStateAsync() => WriteStateAsync(StateWriteMode.Normal);

    /// <inheritdoc/>
    public async Task WriteStateAsync(StateWriteMode mode)
    {
        await storage.WriteStateAsync(stateName, grainId, stored, mode).ConfigureAwait(false);
        journal = [];
        JournalLength = 0;
    }

    /// <summary>Deletes the record and its journal from the store (scrubbed from its files) and resets <see cref="State"/>.</summary>
    public async Task ClearStateAsync()
    {
        await storage.ClearStateAsync(stateName, grainId, stored).ConfigureAwait(false);
        journal = [];
        JournalLength = 0;
    }

    /// <inheritdoc/>
    public Task AppendAsync(ReadOnlyMemory<byte> entry) => AppendAsync(entry, WriteDurability.Durable);

    /// <inheritdoc/>
    public async Task AppendAsync(ReadOnlyMemory<byte> entry, WriteDurability durability)
    {
        if (!stored.RecordExists)
        {
            throw new InvalidOperationException($"State '{stateName}' of {grainId} has no stored record to append to: write the state first.");
        }

        if (unflushed.IsFaulted)
        {
            // An acknowledged relaxed entry was not stored: the caller must start over from the store.
            await unflushed.ConfigureAwait(false);
        }

        var durable = await storage.AppendAsync(stateName, grainId, stored, entry, durability).ConfigureAwait(false);
        if (!durable.IsCompletedSuccessfully)
        {
            unflushed = durable;
        }

        JournalLength++;
    }

    /// <inheritdoc/>
    public Task FlushAsync() => unflushed;

    /// <inheritdoc/>
    public IReadOnlyList<ReadOnlyMemory<byte>> TakeJournal()
    {
        var taken = journal;
        journal = [];
        return taken;
    }

    /// <summary>Reads the state in <see cref="GrainLifecycleStage.SetupState"/>, before the grain's OnActivateAsync.</summary>
    public void Participate(IGrainLifecycle lifecycle) =>
        lifecycle.Subscribe($"{nameof(JournaledState<TState>)}.{stateName}", GrainLifecycleStage.SetupState, OnSetupStateAsync);

    private Task OnSetupStateAsync(CancellationToken cancellation) =>
        cancellation.IsCancellationRequested ? Task.CompletedTask : ReadStateAsync();
}
