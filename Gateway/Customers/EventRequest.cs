using PersoActors.Gateway.Http;
using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Gateway.Customers;

/// <summary>An event request as both event endpoints read it: the validated events, the durability asked for
/// (<c>Prefer</c>), and the <c>Idempotency-Key</c> with the body's fingerprint (0 without a key).</summary>
public readonly record struct EventRequest(
    List<(string CustomerId, BehaviourEvent Event)> Events, EventDurability Durability, string? Key, ulong Fingerprint)
{
    /// <summary>Reads the key, the body, its events (all for <paramref name="pathCustomerId"/> when given) and the
    /// durability preference, in that order; the first problem found is answered instead.</summary>
    public static async Task<(EventRequest? Request, IResult? Problem)> ReadAsync(HttpRequest request, string? pathCustomerId, TimeProvider time)
    {
        var (key, badKey) = IdempotencyKeyHeader.Read(request);
        if (badKey is not null)
        {
            return (null, badKey);
        }

        var body = await JsonBody.ReadAsync<EventBatchRequest>(request, JsonBody.EventBatchLimit, fingerprint: key is not null);
        if (body.Problem is not null)
        {
            return (null, body.Problem);
        }

        var (events, problem) = RequestValidation.Events(body.Value!, pathCustomerId, time.GetUtcNow());
        if (problem is not null)
        {
            return (null, problem);
        }

        var (durability, badPreference) = DurabilityPreference.Read(request);
        return badPreference is not null
            ? (null, badPreference)
            : (new EventRequest(events!, durability, key, body.Fingerprint), null);
    }
}
