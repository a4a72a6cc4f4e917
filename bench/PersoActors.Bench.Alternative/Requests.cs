namespace PersoActors.Bench.Alternative;

/// <summary>Body of <c>POST /v1/customers/{id}/events</c>, as the gateway takes it.</summary>
public sealed record EventBatch(IReadOnlyList<EventBody>? Events);

/// <summary>One event as the gateway takes it.</summary>
public sealed record EventBody(string? Type, DateTimeOffset? Timestamp, string? ItemId, IReadOnlyList<string>? Categories, string? Brand,
    decimal? Value, int? Quantity, string? Query, string? Name, string? OrderId);

/// <summary>Body of <c>PUT /v1/customers/{id}/consents</c>.</summary>
public sealed record ConsentsBody(IReadOnlyDictionary<string, string>? Consents, string? Source);

/// <summary>Body of <c>PUT /v1/customers/{id}/context</c>.</summary>
public sealed record ContextBody(string? Device, string? Channel, string? Language, string? Country, string? Region,
    string? JourneyStage, string? Campaign, string? Referrer, string? SessionId);
