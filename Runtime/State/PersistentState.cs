using System.Text.Json;

namespace PersoActors.Runtime.State;

internal sealed class PersistentState<TState>(GrainId grainId, string stateName, IGrainStorage storage, JsonSerializerOptions json)
    : IPersistentState<TState>, IStateLoader where TState : class, new()
{
    public TState State { get; set; } = new();

    public string? ETag { get; private set; }

    public bool RecordExists => ETag is not null;

    public async Task ReadStateAsync()
    {
        var stored = await storage.ReadAsync(grainId, stateName).ConfigureAwait(false);
        State = stored is null ? new() : JsonSerializer.Deserialize<TState>(stored.Data.Span, json) ?? new();
        ETag = stored?.ETag;
    }

    public async Task WriteStateAsync(StateWriteMode mode = StateWriteMode.Normal)
    {
        var data = JsonSerializer.SerializeToUtf8Bytes(State, json);
        ETag = await storage.WriteAsync(grainId, stateName, data, ETag, mode).ConfigureAwait(false);
    }

    public async Task ClearStateAsync()
    {
        await storage.ClearAsync(grainId, stateName, ETag).ConfigureAwait(false);
        State = new();
        ETag = null;
    }
}

/// <summary>Lets the activator read a state object without knowing its type.</summary>
internal interface IStateLoader
{
    Task ReadStateAsync();
}
