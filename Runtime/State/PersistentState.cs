using System.Text.Json;

namespace PersoActors.Runtime.State;

internal sealed class PersistentState<TState>(GrainId grainId, string stateName, IGrainStorage storage, JsonSerializerOptions json)
    : IPersistentState<TState>, IStateLoader where TState : class, new()
{
    private IReadOnlyList<ReadOnlyMemory<byte>> journal = [];

    public TState State { get; set; } = new();

    public string? ETag { get; private set; }

    public bool RecordExists => ETag is not null;

    public int JournalLength { get; private set; }

    public async Task ReadStateAsync()
    {
        var stored = await storage.ReadAsync(grainId, stateName).ConfigureAwait(false);
        State = stored is null ? new() : JsonSerializer.Deserialize<TState>(stored.Data.Span, json) ?? new();
        ETag = stored?.ETag;
        journal = stored?.Journal ?? [];
        JournalLength = journal.Count;
    }

    public async Task WriteStateAsync(StateWriteMode mode = StateWriteMode.Normal)
    {
        var data = JsonSerializer.SerializeToUtf8Bytes(State, json);
        ETag = await storage.WriteAsync(grainId, stateName, data, ETag, mode).ConfigureAwait(false);
        JournalLength = 0;
    }

    public async Task ClearStateAsync()
    {
        await storage.ClearAsync(grainId, stateName, ETag).ConfigureAwait(false);
        State = new();
        ETag = null;
        JournalLength = 0;
    }

    public async Task AppendAsync(ReadOnlyMemory<byte> entry)
    {
        var etag = ETag ?? throw new InvalidOperationException($"State '{stateName}' of {grainId} has no stored record to append to: write the state first.");
        ETag = await storage.AppendAsync(grainId, stateName, entry, etag).ConfigureAwait(false);
        JournalLength++;
    }

    public IReadOnlyList<ReadOnlyMemory<byte>> TakeJournal()
    {
        var taken = journal;
        journal = [];
        return taken;
    }
}

/// <summary>Lets the activator read a state object without knowing its type.</summary>
internal interface IStateLoader
{
    Task ReadStateAsync();
}
