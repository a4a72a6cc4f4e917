namespace PersoActors.Storage;

/// <summary>How a state write treats the versions it supersedes.</summary>
public enum StateWriteMode
{
    /// <summary>An ordinary write.</summary>
    Normal,

    /// <summary>Also removes superseded versions from the store's files before acknowledging (SQLite: secure delete
    /// plus a WAL checkpoint), for purges that must leave no trace.</summary>
    Scrub,
}

/// <summary>Orleans persistent state with an append-only journal after it. Read (with its journal) before
/// <c>OnActivateAsync</c>; every write and append carries the ETag it read, so a stale activation gets an
/// <see cref="Orleans.Storage.InconsistentStateException"/> instead of overwriting newer state. Inject it with
/// <see cref="JournaledStateAttribute"/>; the storage provider it names must implement <see cref="IJournaledGrainStorage"/>.</summary>
public interface IJournaledState<TState> : IPersistentState<TState>
{
    /// <summary>How many journal entries the store holds after the stored state: those read, plus those appended since.</summary>
    int JournalLength { get; }

    /// <summary>Appends a change after the stored state instead of rewriting the whole state: durable when it
    /// completes, fenced by the ETag like a write. Requires a stored record (RecordExists).</summary>
    Task AppendAsync(ReadOnlyMemory<byte> entry);

    /// <summary>Like <see cref="AppendAsync(ReadOnlyMemory{byte})"/>; with <see cref="WriteDurability.Relaxed"/> it may
    /// complete before the entry is durable (see <see cref="DurabilityOptions"/> for the bounds). If such an entry is
    /// later not stored, the next append throws that failure, and every later write of the state fails.</summary>
    Task AppendAsync(ReadOnlyMemory<byte> entry, WriteDurability durability);

    /// <summary>Completes once every entry appended so far is durable; throws if one of them was not stored.</summary>
    Task FlushAsync();

    /// <summary>The journal entries read with the state (oldest first), to replay on top of the state;
    /// released once taken, so an activation does not keep them in memory.</summary>
    IReadOnlyList<ReadOnlyMemory<byte>> TakeJournal();

    /// <summary>Writes the state and drops the journal (the state now includes it); completes once durable.
    /// <see cref="StateWriteMode.Scrub"/> also scrubs the superseded versions from the store's files.</summary>
    Task WriteStateAsync(StateWriteMode mode);
}

/// <summary>Binds a grain constructor parameter of type <see cref="IJournaledState{TState}"/> to the state
/// <paramref name="stateName"/> in the storage provider <paramref name="storageName"/> (the default one when null).</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class JournaledStateAttribute(string stateName, string? storageName = null) : Attribute, IFacetMetadata
{
    /// <summary>The state's name within the grain.</summary>
    public string StateName { get; } = stateName;

    /// <summary>The storage provider's name, or null for the default provider.</summary>
    public string? StorageName { get; } = storageName;
}
