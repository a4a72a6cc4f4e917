namespace PersoActors.Gateway.Tests.Fuzzing;

/// <summary>Who may call an endpoint.</summary>
public enum Caller
{
    Site,
    Admin,
}

/// <summary>One route of the gateway: method, path template (<c>{id}</c> is replaced), the key it needs, and a valid
/// body to start mutations from (null: it takes none).</summary>
public sealed record FuzzEndpoint(string Method, string Template, Caller Caller, string? ValidBody, string ContentType = "application/json")
{
    public override string ToString() => $"{Method} {Template}";
}

/// <summary>Every route the gateway maps (Map* in Gateway/Customers, Gateway/Decisions, Gateway/Operations, plus
/// health and OpenAPI), each with a valid body.</summary>
public static class FuzzEndpoints
{
    public const string Events = """{"events":[{"type":"view","itemId":"sku-1","categories":["shoes","running"],"brand":"acme","value":10.5,"quantity":1}]}""";
    public const string CrossEvents = """{"events":[{"customerId":"fz-cross-1","type":"purchase","itemId":"sku-2","value":20,"orderId":"o-1"},{"customerId":"fz-cross-2","type":"search","query":"red shoes"}]}""";
    public const string Consents = """{"consents":{"analytics":"granted","personalization":"denied","marketing":"revoked"},"source":"fuzz"}""";
    public const string Preferences = """{"favouriteCategories":["shoes"],"excludedBrands":["globex"],"language":"en","currency":"EUR","acceptedChannels":["email"],"contentFilters":["vegan"],"layout":"grid","custom":{"theme":"dark"}}""";
    public const string PreferencesPatch = """{"language":"pl","custom":{"theme":null,"font":"large"},"favouriteBrands":null}""";
    public const string Context = """{"device":"mobile","channel":"web","language":"en","country":"PL","region":"mz","journeyStage":"browse","campaign":"spring","referrer":"https://example.com","sessionId":"s-1"}""";

    public static readonly FuzzEndpoint[] All =
    [
        new("POST", "/v1/customers/{id}/events", Caller.Site, Events),
        new("POST", "/v1/events", Caller.Site, CrossEvents),
        new("GET", "/v1/customers/{id}", Caller.Site, null),
        new("GET", "/v1/customers/{id}/consents", Caller.Site, null),
        new("PUT", "/v1/customers/{id}/consents", Caller.Site, Consents),
        new("PATCH", "/v1/customers/{id}/consents", Caller.Site, Consents),
        new("GET", "/v1/customers/{id}/preferences", Caller.Site, null),
        new("PUT", "/v1/customers/{id}/preferences", Caller.Site, Preferences),
        new("PATCH", "/v1/customers/{id}/preferences", Caller.Site, PreferencesPatch, "application/merge-patch+json"),
        new("PUT", "/v1/customers/{id}/context", Caller.Site, Context),
        new("POST", "/v1/customers/{id}/recommendations", Caller.Site, """{"slot":"home","count":10}"""),
        new("POST", "/v1/customers/{id}/experience", Caller.Site, """{}"""),
        new("POST", "/v1/customers/{id}/offers", Caller.Site, """{"explain":true,"context":{"channel":"web"}}"""),
        new("GET", "/v1/customers/{id}/export", Caller.Admin, null),
        new("DELETE", "/v1/customers/{id}", Caller.Admin, null),
        new("POST", "/v1/customers/{id}/merge", Caller.Admin, """{"anonymousId":"fz-anon-1"}"""),
        new("POST", "/v1/decisions/{id}/feedback", Caller.Site, """{"type":"click","itemId":"sku-1"}"""),
        new("PUT", "/v1/segments/{id}", Caller.Admin, """{"name":"Coffee lovers","condition":{"fact":"affinity.category.coffee","op":"gte","value":0.5}}"""),
        new("PUT", "/v1/offers/{id}", Caller.Admin, """{"title":"10% off","channels":["web","email"],"segments":["new_visitor"],"priority":10,"dailyCap":1,"payload":{"code":"X"}}"""),
        new("PUT", "/v1/content-blocks/{id}", Caller.Admin, """{"type":"banner","title":"Spring sale"}"""),
        new("PUT", "/v1/experiments/{id}", Caller.Admin, """{"name":"n","variants":[{"key":"control","weight":1},{"key":"b","weight":1,"parameters":{"max_per_category":"2"}}],"surface":"recommendations"}"""),
        new("GET", "/v1/experiments/{id}", Caller.Admin, null),
        new("GET", "/v1/experiments/{id}/results", Caller.Admin, null),
        new("DELETE", "/v1/segments/{id}", Caller.Admin, null),
        new("DELETE", "/v1/offers/{id}", Caller.Admin, null),
        new("DELETE", "/v1/content-blocks/{id}", Caller.Admin, null),
        new("DELETE", "/v1/experiments/{id}", Caller.Admin, null),
        new("GET", "/v1/decision-config", Caller.Admin, null),
        new("GET", "/v1/catalog", Caller.Admin, null),
        new("PUT", "/v1/catalog/items", Caller.Admin, """{"items":[{"id":"fz-1","title":"Thing","categories":["misc"],"price":1}]}"""),
        new("POST", "/v1/catalog/import", Caller.Admin, """{"id":"fz-2","title":"Other","categories":["misc"],"price":2}""", "application/x-ndjson"),
        new("DELETE", "/v1/catalog/items/{id}", Caller.Admin, null),
        new("PUT", "/v1/triggers/{id}", Caller.Admin, """{"startOn":[{"type":"custom","name":"signup"}],"delay":"1.00:00:00","channel":"email","destination":"crm","cap":{"oncePerDays":7},"payload":{"recommendations":3,"data":{"k":"v"}}}"""),
        new("DELETE", "/v1/triggers/{id}", Caller.Admin, null),
        new("GET", "/v1/triggers", Caller.Admin, null),
        new("GET", "/v1/customers/{id}/messages", Caller.Admin, null),
        new("GET", "/v1/dead-letters", Caller.Admin, null),
        new("POST", "/v1/dead-letters/{id}/m-1/retry", Caller.Admin, null),
        new("DELETE", "/v1/dead-letters/{id}/m-1", Caller.Admin, null),
        new("GET", "/v1/cluster", Caller.Admin, null),
        new("GET", "/health", Caller.Site, null),
    ];

    /// <summary>The routes with a body.</summary>
    public static readonly FuzzEndpoint[] WithBody = [.. All.Where(e => e.ValidBody is not null)];

    /// <summary>The routes with an id in the path.</summary>
    public static readonly FuzzEndpoint[] WithId = [.. All.Where(e => e.Template.Contains("{id}", StringComparison.Ordinal))];
}
