using PersoActors.LoadTest.Simulation;

namespace PersoActors.LoadTest.Api;

/// <summary>One HTTP request a simulated user wants to make.</summary>
/// <param name="Kind">Which endpoint (the report row).</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Path and query, relative to the target gateway.</param>
/// <param name="Body">UTF-8 JSON body, if any.</param>
/// <param name="Events">The behaviour events carried by an events batch (kept to verify them later).</param>
/// <param name="UsesAdminKey">Sent with the admin key instead of the site key.</param>
/// <param name="IdempotencyKey">Sent as <c>Idempotency-Key</c>: an event batch sent again under it is stored once.</param>
public sealed record GatewayCall(
    EndpointKind Kind,
    HttpMethod Method,
    string Path,
    byte[]? Body,
    IReadOnlyList<SimulatedEvent>? Events = null,
    bool UsesAdminKey = false,
    string? IdempotencyKey = null);

/// <summary>The answer to a <see cref="GatewayCall"/>.</summary>
/// <param name="Outcome">How the report counts it.</param>
/// <param name="StatusKey">The HTTP status as text, or <c>timeout</c> / <c>connection_error</c>.</param>
/// <param name="StatusCode">HTTP status, 0 when there was no answer.</param>
/// <param name="Body">The response body (empty when there was no answer).</param>
public sealed record CallResult(CallOutcome Outcome, string StatusKey, int StatusCode, byte[] Body)
{
    public bool IsSuccess => Outcome == CallOutcome.Ok;

    /// <summary>A step that was not sent because its endpoint is unavailable.</summary>
    public static CallResult Skipped { get; } = new(CallOutcome.Unavailable, "skipped", 0, []);
}
