namespace PersoActors.Grains.Interfaces.Orchestration;

/// <summary>Where a message is in its life.</summary>
[GenerateSerializer]
public enum MessageStatus : byte
{
    /// <summary>Waiting for its due time (first attempt or a retry).</summary>
    Scheduled,
    /// <summary>The destination answered 2xx.</summary>
    Delivered,
    /// <summary>Not sent when due, for <see cref="OutboxMessage.Reason"/> (no consent, channel not accepted, holdout, capped).</summary>
    Skipped,
    /// <summary>Cancelled before it was due (exit event, empty cart, trigger deleted, consent withdrawn).</summary>
    Cancelled,
    /// <summary>Every attempt failed; an operator may retry or discard it.</summary>
    DeadLettered,
    /// <summary>Dead-lettered, then discarded by an operator.</summary>
    Discarded,
}

/// <summary>A message in a customer's outbox and delivery log. Persisted with the customer's profile, so it is exported
/// with it and erased with it.</summary>
/// <param name="Id">Message id, sent as the idempotency key (the same on every attempt).</param>
/// <param name="TriggerId">The trigger that decided it.</param>
/// <param name="DecisionId">Decision id for feedback (<c>POST /v1/decisions/{id}/feedback</c>); it encodes the
/// experiment <c>trigger:{TriggerId}</c> and <see cref="Variant"/>.</param>
/// <param name="Variant"><c>message</c>, or <c>holdout</c> for the control group.</param>
/// <param name="Channel">The channel.</param>
/// <param name="Destination">The webhook destination name.</param>
/// <param name="Status">Its state.</param>
/// <param name="DecidedAt">When the trigger fired.</param>
/// <param name="DueAt">When it is (or was last) due.</param>
/// <param name="Attempts">Delivery attempts made.</param>
/// <param name="Reason">Why it was skipped or cancelled, the last delivery error, or <c>quiet_hours</c> while it waits
/// for the end of the trigger's quiet hours.</param>
/// <param name="CompletedAt">When it reached a final status.</param>
/// <param name="Body">The JSON body, built at the first attempt and resent unchanged on retries.</param>
[GenerateSerializer, Immutable]
public sealed record OutboxMessage(
    string Id,
    string TriggerId,
    string DecisionId,
    string Variant,
    string Channel,
    string Destination,
    MessageStatus Status,
    DateTimeOffset DecidedAt,
    DateTimeOffset DueAt,
    int Attempts = 0,
    string? Reason = null,
    DateTimeOffset? CompletedAt = null,
    string? Body = null);

/// <summary>A dead letter as the operator sees it (the body stays with the customer).</summary>
[GenerateSerializer, Immutable]
public sealed record DeadLetter(string CustomerId, string MessageId, string TriggerId, string Destination, int Attempts, string? LastError, DateTimeOffset At);

/// <summary>The index of dead letters across customers (key <c>default</c>), for the admin API. It holds references
/// only; the messages stay in their customers' outboxes, so erasure reaches them.</summary>
public interface IDeadLetterGrain : IGrainWithStringKey
{
    /// <summary>Adds (or replaces) an entry.</summary>
    Task AddAsync(DeadLetter letter);

    /// <summary>Removes one entry.</summary>
    Task RemoveAsync(string customerId, string messageId);

    /// <summary>Removes every entry of a customer (erasure), leaving no trace in the store.</summary>
    Task RemoveCustomerAsync(string customerId);

    /// <summary>Every entry, oldest first.</summary>
    Task<IReadOnlyList<DeadLetter>> ListAsync();
}
