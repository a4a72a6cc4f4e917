using System.Text.Json;
using PersoActors.Grains.Customers;
using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Bench.Alternative;

/// <summary>The gateway's routes, served the stateless way: every request reads the customer from Redis, runs the
/// same domain and decision code as the customer grain, and writes the customer back when it changed.</summary>
public static class CustomerEndpoints
{
    public static void MapAlternativeEndpoints(this WebApplication app)
    {
        app.MapGet("/health", () => "ok");
        app.MapPut("/v1/catalog/items", (CatalogUploadRequest body, CatalogHolder catalog) => catalog.Upsert(body.Items));

        var customers = app.MapGroup("/v1/customers/{id}");
        customers.MapGet("/", async (string id, ProfileStore store, TimeProvider time) =>
            (await store.LoadAsync(id)).Profile.ToView(id, time.GetUtcNow()));

        customers.MapPut("/consents", async (string id, ConsentsBody body, ProfileStore store, TimeProvider time) =>
        {
            var now = time.GetUtcNow();
            var customer = await store.LoadAsync(id);
            var decisions = (body.Consents ?? new Dictionary<string, string>())
                .Select(c => new ConsentDecision(Enum.Parse<ConsentPurpose>(c.Key.Replace("_", ""), ignoreCase: true), c.Value == "granted"))
                .ToArray();
            var purges = customer.Profile.ChangeConsents(new ConsentChange(decisions, body.Source, ReplaceAll: true), now);
            await store.SaveAsync(id, customer.Profile, customer.Decisions, now);
            return new ConsentChangeResult(customer.Profile.Consents(), purges);
        });

        customers.MapPut("/context", async (string id, ContextBody body, ProfileStore store, TimeProvider time) =>
        {
            var now = time.GetUtcNow();
            var customer = await store.LoadAsync(id);
            var result = customer.Profile.SetContext(new CustomerContext(body.Device, body.Channel, body.Language, body.Country, body.Region,
                body.JourneyStage, body.Campaign, body.Referrer, body.SessionId), now);
            await store.SaveAsync(id, customer.Profile, customer.Decisions, now);
            return result;
        });

        customers.MapPost("/events", async (string id, EventBatch body, ProfileStore store, TimeProvider time) =>
        {
            var now = time.GetUtcNow();
            var events = (body.Events ?? []).Select(e => new BehaviourEvent(ParseType(e.Type), e.Timestamp ?? now, e.ItemId, e.Categories,
                e.Brand, e.Value, e.Quantity, e.Query, e.Name, e.OrderId)).ToArray();
            var customer = await store.LoadAsync(id);
            var result = customer.Profile.Track(events);
            if (result.Accepted > 0)
            {
                await store.SaveAsync(id, customer.Profile, customer.Decisions, now);
            }

            return result;
        });

        customers.MapPost("/recommendations", async (string id, RecommendationsRequest body, ProfileStore store, DecisionEngine engine,
            CatalogHolder catalog, TimeProvider time) =>
        {
            var now = time.GetUtcNow();
            var customer = await store.LoadAsync(id);
            var result = engine.Recommend(DecisionProfileBuilder.Build(id, customer.Profile, now), body, customer.Decisions, catalog.Current, now);
            await store.SaveAsync(id, customer.Profile, result.State, now);
            return result.Response;
        });
    }

    private static EventType ParseType(string? type) =>
        Enum.TryParse<EventType>(type?.Replace("_", ""), ignoreCase: true, out var parsed) && type is not null
            ? parsed
            : throw new JsonException($"Unknown event type '{type}'.");
}
