namespace PersoActors.Storage;

/// <summary>The store could not read or write a grain's state for a reason outside the request: the disk is full, the
/// file or database is read-only, the server is down or unreachable. Nothing of the failed write is stored (a
/// group-committed batch fails whole), and the store may work again without a restart: callers answer "unavailable,
/// retry later" (the gateway: <c>503</c> with <c>Retry-After</c>), never "done". The underlying error is logged by
/// whoever catches this; <see cref="Exception.Message"/> names only the kind of fault, never a path or a connection
/// string, so it can be shown to API clients.</summary>
/// <param name="reason">What failed: <c>full</c>, <c>read_only</c>, <c>unreachable</c>, <c>busy</c> or <c>io_error</c>.</param>
/// <param name="message">A message for API clients.</param>
[GenerateSerializer]
public sealed class StoreUnavailableException(string reason, string message) : Exception(message)
{
    /// <summary>The disk or database is out of space.</summary>
    public const string Full = "full";

    /// <summary>The file, file system or database accepts no writes.</summary>
    public const string ReadOnly = "read_only";

    /// <summary>The server is down, refuses connections, or did not answer in time.</summary>
    public const string Unreachable = "unreachable";

    /// <summary>The store is locked by another writer for longer than its busy timeout.</summary>
    public const string Busy = "busy";

    /// <summary>An I/O error other than the above.</summary>
    public const string IoError = "io_error";

    /// <summary>What failed (one of the constants of this class).</summary>
    [Id(0)]
    public string Reason { get; } = reason;
}
