using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using PersoActors.Grains.Interfaces.Decisions;
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
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
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
        EndpointKind.PatchPreferences => "PATCH /v1/customers/{id}/preferences",
        EndpointKind.PutTrigger => "PUT /v1/triggers/{id}",
        _ => kind.ToString(),
    };

    // ---- requests (README.md, API; decision records shared from Grains.Interfaces/Decisions) ----------------

    /// <summary>A batch of one customer's behaviour events: <c>{"events":[…]}</c>.</summary>
    public static GatewayCall TrackEvents(string customerId, IReadOnlyList<SimulatedEvent> events) =>
        new(EndpointKind.TrackEvents, HttpMethod.Post, $"{Customer(customerId)}/events",
            Serialize(new EventBatch(events.Select(e => new EventBody(e.Type, e.Timestamp, e.ItemId, e.Categories, e.Brand, e.Value, e.Query, e.OrderId)).ToArray())),
            events);

    public static GatewayCall PutContext(string customerId, VisitContext context) =>
        new(EndpointKind.PutContext, HttpMethod.Put, $"{Customer(customerId)}/context", Serialize(context));

    /// <summary>Replace all consents: <c>{"source":…,"consents":{purpose: granted|denied}}</c>.</summary>
    public static GatewayCall PutConsents(string customerId, ConsentChoices consents) =>
        new(EndpointKind.PutConsents, HttpMethod.Put, $"{Customer(customerId)}/consents", Serialize(new ConsentsBody(
            new Dictionary<string, string>
            {
                ["analytics"] = State(consents.Analytics),
                ["personalization"] = State(consents.Personalization),
                ["marketing"] = State(consents.Marketing),
                ["third_party"] = State(consents.ThirdParty),
            },
            "cookie_banner")));

    /// <summary>Accept messages on these channels: <c>{"acceptedChannels":[…]}</c>.</summary>
    public static GatewayCall AcceptChannels(string customerId, IReadOnlyList<string> channels) =>
        new(EndpointKind.PatchPreferences, HttpMethod.Patch, $"{Customer(customerId)}/preferences",
            Serialize(new Dictionary<string, IReadOnlyList<string>> { ["acceptedChannels"] = channels }));

    /// <summary>The abandoned-cart trigger the shoppers exercise (admin key): a message to <paramref name="destination"/>
    /// <paramref name="delay"/> after the last cart add, cancelled by a purchase, once per cart.</summary>
    public static GatewayCall AbandonedCartTrigger(string destination, TimeSpan delay) =>
        new(EndpointKind.PutTrigger, HttpMethod.Put, $"/v1/triggers/{AbandonedCartTriggerId}", Serialize(new Dictionary<string, object>
        {
            ["startOn"] = new[] { new Dictionary<string, string> { ["type"] = "add_to_cart" } },
            ["exitOn"] = new[] { new Dictionary<string, string> { ["type"] = "purchase" } },
            ["delay"] = delay.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            ["channel"] = "email",
            ["destination"] = destination,
            ["requireCart"] = true,
            ["cap"] = new Dictionary<string, bool> { ["oncePerCart"] = true },
            ["payload"] = new Dictionary<string, object> { ["includeCart"] = true, ["recommendations"] = 3 },
        }), UsesAdminKey: true);

    /// <summary>The id of the trigger <see cref="AbandonedCartTrigger"/> installs.</summary>
    public const string AbandonedCartTriggerId = "loadtest-abandoned-cart";

    public static GatewayCall GetProfile(string customerId) =>
        new(EndpointKind.GetProfile, HttpMethod.Get, Customer(customerId), null);

    /// <summary><see cref="RecommendationsRequest"/>; <c>product_page</c> needs <paramref name="currentItemId"/>.</summary>
    public static GatewayCall Recommendations(string customerId, string slot, int count, string? currentItemId, VisitContext context, IReadOnlyList<string>? cartItemIds = null) =>
        new(EndpointKind.Recommendations, HttpMethod.Post, $"{Customer(customerId)}/recommendations",
            Serialize(new RecommendationsRequest(slot, count, currentItemId, DecisionContextOf(context, cartItemIds))));

    /// <summary><see cref="ExperienceRequest"/> for a page.</summary>
    public static GatewayCall Experience(string customerId, string page, VisitContext context) =>
        new(EndpointKind.Experience, HttpMethod.Post, $"{Customer(customerId)}/experience",
            Serialize(new ExperienceRequest(page, null, DecisionContextOf(context, null))));

    /// <summary>Impression, click or conversion attributed to a decision (<see cref="DecisionFeedback"/>; the
    /// customer is encoded in the decision id).</summary>
    public static GatewayCall Feedback(string decisionId, FeedbackType type, string? itemId, decimal? value) =>
        new(EndpointKind.Feedback, HttpMethod.Post, $"/v1/decisions/{Uri.EscapeDataString(decisionId)}/feedback",
            Serialize(new DecisionFeedback(type, itemId, null, value)));

    /// <summary><see cref="CatalogUploadRequest"/> with the admin key. Synthetic attributes become content
    /// attributes: the colour, the material and <c>vegan</c> when the item is vegan.</summary>
    public static GatewayCall UploadCatalog(IReadOnlyList<Catalog.CatalogItem> items) =>
        new(EndpointKind.UploadCatalog, HttpMethod.Put, "/v1/catalog/items",
            Serialize(new CatalogUploadRequest(items.Select(ToCatalogItem).ToArray())), UsesAdminKey: true);

    /// <summary>The synthetic item as the gateway's catalog takes it.</summary>
    public static Grains.Interfaces.Decisions.CatalogItem ToCatalogItem(Catalog.CatalogItem item) =>
        new(item.ItemId, item.Title, item.Categories, item.Brand, Tags: null, Price: item.Price, Available: true, Stock: null,
            Attributes: item.Attributes
                .Where(a => a.Key != "vegan" || a.Value == "true")
                .Select(a => a.Key == "vegan" ? "vegan" : a.Value)
                .Distinct(StringComparer.Ordinal)
                .ToArray());

    private static DecisionContext DecisionContextOf(VisitContext context, IReadOnlyList<string>? cartItemIds) =>
        new(context.Device, context.Channel, context.Language, context.Country, LocalHour: null,
            CartItemIds: cartItemIds is { Count: > 0 } ? cartItemIds : null);

    // ---- responses ------------------------------------------------------------------------------------

    /// <summary>How many events of a batch the gateway stored (<c>accepted</c>); null if the answer does not say.</summary>
    public static int? AcceptedCount(byte[] body) =>
        Parse(body) is JsonObject o && o["accepted"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : null;

    /// <summary>The decision id and the recommended item ids of a recommendation answer (<c>items[].itemId</c>)
    /// or an experience answer (<c>blocks[].items[].itemId</c>).</summary>
    public static DecisionAnswer Decision(byte[] body)
    {
        if (Parse(body) is not JsonObject o)
        {
            return DecisionAnswer.None;
        }

        IEnumerable<JsonArray> lists = o["items"] is JsonArray items
            ? [items]
            : (o["blocks"] as JsonArray)?.OfType<JsonObject>().Select(b => b["items"]).OfType<JsonArray>() ?? [];
        var itemIds = lists.SelectMany(list => list.OfType<JsonObject>().Select(i => Text(i["itemId"])))
            .OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        return new DecisionAnswer(Text(o["decisionId"]), itemIds);
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

    private sealed record EventBatch(IReadOnlyList<EventBody> Events);

    private sealed record EventBody(string Type, DateTimeOffset Timestamp, string? ItemId, IReadOnlyList<string>? Categories,
        string? Brand, decimal? Value, string? Query, string? OrderId);

    private sealed record ConsentsBody(IReadOnlyDictionary<string, string> Consents, string Source);
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
