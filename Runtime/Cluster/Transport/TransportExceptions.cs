namespace PersoActors.Runtime.Cluster.Transport;

/// <summary>The silo a call was sent to could not be reached (refused, dropped, or unknown).
/// The cluster router retries such calls on the owner of the next membership view.</summary>
public sealed class SiloUnavailableException(string message, Exception? inner) : Exception(message, inner)
{
    public SiloUnavailableException(string message) : this(message, null)
    {
    }
}

/// <summary>The silo that received a call neither owns the grain nor could forward it
/// (views not yet converged). The router retries on a fresh view.</summary>
public sealed class CallRejectedException(string message) : Exception(message);

/// <summary>A grain on another silo threw an exception whose type could not be recreated here.</summary>
public sealed class RemoteGrainException(string remoteType, string message) : Exception($"{remoteType}: {message}")
{
    /// <summary>Full name of the exception type thrown on the remote silo.</summary>
    public string RemoteType { get; } = remoteType;
}

/// <summary>The connection to the silo running a call was lost after the call was sent: it may or
/// may not have run. Not retried automatically (a retry could apply it twice); the caller decides.</summary>
public sealed class CallOutcomeUnknownException(string message) : Exception(message);
