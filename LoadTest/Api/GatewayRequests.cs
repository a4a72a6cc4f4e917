using System.Text.Json;
using System.Text.Json.Nodes;
using PersoActors.LoadTest.Catalog;
using PersoActors.LoadTest.Simulation;

namespace PersoActors.LoadTest.Api;

/// <summary>
/// Every request and response shape of the gateway API the load driver uses, in one place, so that a change
/// of the API is a change of this file only. Parsers are tolerant: unknown fields are ignored and a missing
/// field yields null/empty rather than an exception.
/// </summary>
public static class GatewayRequests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The report's name for an endpoint.</summary>
    public static string Label(EndpointKind kind) => kind switch
    {
        EndpointKind.PutContext => "PUT /v1/customers/{id}/context",
        EndpointKind.PutConsents => "PUT /v1/customers/{id}/consents",
        EndpointKind.TrackEvents => "POST /v1/customers/{id}/events",
        EndpointKind.GetProfile => "GET /v1/customers/{id}",
        EndpointKind.Recommendations => "POST /v1/customers/{id}/recommendations",
        EndpointKind.Experience => "POST /v1/customers/{id}/experience",
        EndpointKind.Feedback => "POST /v1/decisions/{decisionId}/feedback",
        EndpointKind.UploadCatalog => "PUT /v1/catalog/items",
        _ => kind.ToString(),
    };

    // ---- requests -------------------------------------------------------------------------------------

    /// <summary>A batch of behaviour events: a JSON array of events.</summary>
    public static GatewayCall TrackEvents(string customerId, IReadOnlyList<SimulatedEvent> events) =>
        new(EndpointKind.TrackEvents, HttpMethod.Post, $"{Customer(customerId)}/events",
            Serialize(events.Select(e => new EventBody(e.Type, e.Timestamp, e.ItemId, e.Categories, e.Value))), events);

    public static GatewayCall PutContext(string customerId, VisitContext context) =>
        new(EndpointKind.PutContext, HttpMethod.Put, $"{Customer(customerId)}/context", Serialize(context));

    public static GatewayCall PutConsents(string customerId, ConsentChoices consents) =>
        new(EndpointKind.PutConsents, HttpMethod.Put, $"{Customer(customerId)}/consents", Serialize(new
        {
            analytics = State(consents.Analytics),
            personalization = State(consents.Personalization),
            marketing = State(consents.Marketing),
            third_party = State(consents.ThirdParty),
            source = "cookie_banner",
        }));

    public static GatewayCall GetProfile(string customerId) =>
        new(EndpointKind.GetProfile, HttpMethod.Get, Customer(customerId), null);

    public static GatewayCall Recommendations(string customerId, string placement, int count, string? itemId, VisitContext context) =>
        new(EndpointKind.Recommendations, HttpMethod.Post, $"{Customer(customerId)}/recommendations",
            Serialize(new { placement, count, itemId, context }));

    public static GatewayCall Experience(string customerId, string placement, VisitContext context) =>
        new(EndpointKind.Experience, HttpMethod.Post, $"{Customer(customerId)}/experience", Serialize(new { placement, context }));

    /// <summary>Impression, click or conversion attributed to a decision.</summary>
    public static GatewayCall Feedback(string decisionId, string customerId, string type, string? itemId, decimal? value) =>
        new(EndpointKind.Feedback, HttpMethod.Post, $"/v1/decisions/{Uri.EscapeDataString(decisionId)}/feedback",
            Serialize(new { customerId, type, itemId, value }));

    public static GatewayCall UploadCatalog(IReadOnlyList<CatalogItem> items) =>
        new(EndpointKind.UploadCatalog, HttpMethod.Put, "/v1/catalog/items", Serialize(new { items }), UsesAdminKey: true);

    // ---- responses ------------------------------------------------------------------------------------

    /// <summary>How many events of a batch the gateway stored (<c>accepted</c>); null if the answer does not say.</summary>
    public static int? AcceptedCount(byte[] body) =>
        Parse(body) is JsonObject o && o["accepted"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : null;

    /// <summary>The decision id and the recommended item ids of a recommendation or experience answer.</summary>
    public static DecisionAnswer Decision(byte[] body)
    {
        if (Parse(body) is not JsonObject o)
        {
            return DecisionAnswer.None;
        }

        var id = Text(o["decisionId"]) ?? Text(o["id"]);
        var items = (o["items"] ?? o["recommendations"]) as JsonArray;
        var itemIds = items?.Select(i => i is JsonObject io ? Text(io["itemId"]) ?? Text(io["id"]) : Text(i))
            .OfType<string>().ToArray() ?? [];
        return new DecisionAnswer(id, itemIds);
    }

    /// <summary>The profile read back by the check: total event count and the recent events it holds.</summary>
    public static ProfileReadback? Profile(byte[] body)
    {
        if (Parse(body) is not JsonObject o)
        {
            return null;
        }

        var count = o["eventCount"] is JsonValue v && v.TryGetValue<long>(out var n) ? n : (long?)null;
        var events = (o["recentEvents"] as JsonArray ?? (o["behaviour"] as JsonObject)?["recentEvents"] as JsonArray)?
            .OfType<JsonObject>()
            .Select(e => new StoredEvent(Text(e["type"]) ?? "", Text(e["itemId"]),
                e["timestamp"] is JsonValue t && t.TryGetValue<DateTimeOffset>(out var ts) ? ts : null))
            .ToArray() ?? [];
        return new ProfileReadback(count, events);
    }

    private static string Customer(string customerId) => $"/v1/customers/{Uri.EscapeDataString(customerId)}";

    private static string State(bool granted) => granted ? "granted" : "denied";

    private static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Json);

    private static JsonNode? Parse(byte[] body)
    {
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private sealed record EventBody(string Type, DateTimeOffset Timestamp, string? ItemId, IReadOnlyList<string>? Categories, decimal? Value);
}

/// <summary>What a decision endpoint answered.</summary>
public sealed record DecisionAnswer(string? DecisionId, IReadOnlyList<string> ItemIds)
{
    public static DecisionAnswer None { get; } = new(null, []);
}

/// <summary>A profile as read back for the check.</summary>
public sealed record ProfileReadback(long? EventCount, IReadOnlyList<StoredEvent> RecentEvents);

/// <summary>One stored event as the profile shows it.</summary>
public sealed record StoredEvent(string Type, string? ItemId, DateTimeOffset? Timestamp);
