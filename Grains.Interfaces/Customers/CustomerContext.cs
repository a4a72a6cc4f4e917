namespace PersoActors.Grains.Interfaces.Customers;

/// <summary>Where and how the customer is right now, as the site last reported it.</summary>
/// <param name="Device">e.g. <c>mobile</c>, <c>desktop</c>, <c>tablet</c>.</param>
/// <param name="Channel">e.g. <c>web</c>, <c>app</c>, <c>email</c>.</param>
/// <param name="Language">BCP 47 tag of the page/app language.</param>
/// <param name="Country">ISO 3166-1 alpha-2 code.</param>
/// <param name="Region">Region/state within the country.</param>
/// <param name="JourneyStage">e.g. <c>awareness</c>, <c>consideration</c>, <c>checkout</c>.</param>
/// <param name="Campaign">Campaign that brought the customer (utm_campaign).</param>
/// <param name="Referrer">Referring URL.</param>
/// <param name="SessionId">The site's session id; a new id starts a new session.</param>
/// <param name="UpdatedAt">When the grain received it (set by the grain).</param>
/// <param name="TimeZone">IANA time zone id (e.g. <c>Europe/Warsaw</c>): where triggers' quiet hours are counted;
/// UTC when unknown.</param>
[GenerateSerializer, Immutable]
public sealed record CustomerContext(
    string? Device = null,
    string? Channel = null,
    string? Language = null,
    string? Country = null,
    string? Region = null,
    string? JourneyStage = null,
    string? Campaign = null,
    string? Referrer = null,
    string? SessionId = null,
    DateTimeOffset? UpdatedAt = null,
    string? TimeZone = null);

/// <summary>The current session.</summary>
/// <param name="Id">The site's session id.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="PageCount">Views recorded in it.</param>
/// <param name="LastActivityAt">The last context update or view in it.</param>
[GenerateSerializer, Immutable]
public sealed record SessionInfo(string Id, DateTimeOffset StartedAt, int PageCount, DateTimeOffset LastActivityAt);

/// <summary>The context and session after an update.</summary>
[GenerateSerializer, Immutable]
public sealed record ContextResult(CustomerContext Context, SessionInfo? Session);
