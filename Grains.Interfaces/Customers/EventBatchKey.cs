using System.Text.Json.Serialization;

namespace PersoActors.Grains.Interfaces.Customers;

/// <summary>The client's idempotency key of an event batch (<c>Idempotency-Key</c>) and a fingerprint of the request
/// that carried it. A customer grain remembers the keys of the batches it stored, so a repeated request is answered
/// from that record instead of storing its events again.</summary>
/// <param name="Key">The key as the client sent it: 1–255 visible ASCII characters.</param>
/// <param name="Fingerprint">A hash of the request (its body), to tell a retry from a different batch under the same key.</param>
[GenerateSerializer, Immutable]
public sealed record EventBatchKey(string Key, ulong Fingerprint)
{
    /// <summary>The longest key accepted.</summary>
    public const int MaxLength = 255;

    /// <summary>Whether <paramref name="key"/> is 1–<see cref="MaxLength"/> visible ASCII characters.</summary>
    public static bool IsValid(string? key) =>
        key is { Length: > 0 and <= MaxLength } && !key.AsSpan().ContainsAnyExceptInRange('!', '~');
}

/// <summary>What a customer remembers of a keyed batch it stored: enough to answer a retry the way it answered the
/// original. Exported with the profile and purged with its behaviour.</summary>
/// <param name="Key">The client's idempotency key.</param>
/// <param name="Fingerprint">The fingerprint of the request that stored the batch.</param>
/// <param name="Accepted">Events stored (a batch is stored whole or not at all, and only a stored one is remembered).</param>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable]
public sealed record EventBatchReceipt(
    string Key,
    // In JSON as a string: a 64-bit number is beyond what JavaScript reads exactly.
    [property: JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)] ulong Fingerprint,
    int Accepted);

/// <summary>An idempotency key came back with a different request than the batch stored under it; nothing was stored.</summary>
/// <param name="key">The key.</param>
[GenerateSerializer]
public sealed class EventBatchKeyReusedException(string key)
    : Exception($"The Idempotency-Key '{key}' was already used for a different batch of this customer's events.")
{
    [Id(0)]
    public string Key { get; } = key;
}
