using PersoActors.Gateway.Http;
using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Gateway.Customers;

/// <summary>The <c>Idempotency-Key</c> header of event requests (IETF draft "The Idempotency-Key HTTP Header
/// Field"): a client sends the same key on every attempt of one batch, and a batch already stored under it is answered
/// as it was then (<c>duplicate: true</c>) instead of being stored twice. The value is 1–255 visible ASCII characters,
/// bare (as most APIs take it) or as the draft's quoted string; anything else is a 400 naming the header.</summary>
public static class IdempotencyKeyHeader
{
    /// <summary>The header's name, which is also the field a problem names.</summary>
    public const string Name = "Idempotency-Key";

    /// <summary>The key sent (null when none), or a problem naming the header.</summary>
    public static (string? Key, IResult? Problem) Read(HttpRequest request)
    {
        var values = request.Headers[Name];
        if (values.Count == 0)
        {
            return (null, null);
        }

        if (values.Count > 1)
        {
            return (null, ApiProblems.Invalid(Name, "Send one Idempotency-Key per request."));
        }

        var key = (values[0] ?? string.Empty).Trim();
        if (key is ['"', .. var quoted, '"'])
        {
            key = quoted;
        }

        return EventBatchKey.IsValid(key)
            ? (key, null)
            : (null, ApiProblems.Invalid(Name, $"The key must be 1–{EventBatchKey.MaxLength} visible ASCII characters (no spaces)."));
    }

    /// <summary>The 422 of a key that was already used for a different batch.</summary>
    public static IResult Reused(string key, IDictionary<string, object?>? extensions = null) =>
        ApiProblems.Result(StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused", Name,
            $"The key '{key}' was already used for a different batch; nothing of this batch was stored under it. "
            + "Send a new key for a new batch.", extensions);
}
