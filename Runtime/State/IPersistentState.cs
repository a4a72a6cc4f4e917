namespace PersoActors.Runtime;

/// <summary>How a state write treats the versions it supersedes.</summary>
public enum StateWriteMode
{
    /// <summary>An ordinary write.</summary>
    Normal,
    /// <summary>Also removes superseded versions from the store's files before acknowledging
    /// (SQLite: secure delete plus a WAL checkpoint), for purges that must leave no trace.</summary>
    Scrub,
}

/// <summary>Durable state of one grain, injected into the grain's constructor. It is read before
/// <see cref="Grain.OnActivateAsync"/>; writes carry the ETag that was read, so a stale activation
/// can never overwrite newer state (it gets an <see cref="InconsistentStateException"/>).</summary>
public interface IPersistentState<TState> where TState : class, new()
{
    /// <summary>The in-memory state; change it, then call <see cref="WriteStateAsync"/>.</summary>
    TState State { get; set; }

    /// <summary>The version tag of the last read or write, or null when no record exists.</summary>
    string? ETag { get; }

    /// <summary>True when the store holds a record for this grain.</summary>
    bool RecordExists { get; }

    /// <summary>Reloads the state from the store.</summary>
    Task ReadStateAsync();

    /// <summary>Writes the state and drops the journal (the state now includes it); completes once it is durable.</summary>
    Task WriteStateAsync(StateWriteMode mode = StateWriteMode.Normal);

    /// <summary>Deletes the record and its journal from the store (scrubbed from its files) and resets <see cref="State"/>.</summary>
    Task ClearStateAsync();

    /// <summary>How many journal entries the store holds after the stored state: those read, plus those appended since.</summary>
    int JournalLength { get; }

    /// <summary>Appends a change to the journal after the stored state, instead of rewriting the whole state:
    /// durable when it completes, fenced by the ETag like a write. The grain replays the journal on activation
    /// (<see cref="TakeJournal"/>) and folds it into the state with <see cref="WriteStateAsync"/> when it likes.
    /// Requires a stored record (<see cref="RecordExists"/>).</summary>
    Task AppendAsync(ReadOnlyMemory<byte> entry);

    /// <summary>The journal entries read with the state (oldest first), to replay on top of <see cref="State"/>;
    /// released once taken, so an activation does not keep them in memory.</summary>
    IReadOnlyList<ReadOnlyMemory<byte>> TakeJournal();
}

/// <summary>Names the state a constructor parameter of type <see cref="IPersistentState{TState}"/>
/// is bound to. Without it, the parameter name is used.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName) : Attribute
{
    public string StateName { get; } = stateName;
}
