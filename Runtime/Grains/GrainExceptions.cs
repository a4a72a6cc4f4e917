namespace PersoActors.Runtime;

/// <summary>A grain call did not complete within the configured call timeout.</summary>
public sealed class GrainCallTimeoutException(string message) : TimeoutException(message);

/// <summary>A state write carried an ETag that no longer matches the stored one: another writer
/// (a newer activation of the same grain) has written since this state was read. The runtime
/// deactivates the activation that hit it, so the next call reloads fresh state.</summary>
public sealed class InconsistentStateException(string message) : Exception(message);

/// <summary>A grain could not be activated (its constructor or <c>OnActivateAsync</c> failed).</summary>
public sealed class GrainActivationException(string message, Exception inner) : Exception(message, inner);
