using System.Text.Json;
using PersoActors.Gateway.Customers;
using PersoActors.Gateway.Http;
using PersoActors.Grains.Interfaces.Decisions;
using PersoActors.LoadTest.Api;
using PersoActors.LoadTest.Catalog;
using PersoActors.LoadTest.Simulation;

namespace PersoActors.LoadTest.Tests;

/// <summary>Every body the driver sends is read by the gateway's own strict options (unknown properties are
/// errors) into the gateway's request records, so a drift of the API fails here rather than as 400s in a run.</summary>
public sealed class RequestShapeTests
{
    private static readonly VisitContext Context = new("mobile", "web", "PL", "pl", "landing", null, "google", "s-1");

    [Fact]
    public void Customer_api_bodies_match_the_gateway_records()
    {
        var at = new DateTimeOffset(2025, 5, 1, 12, 0, 0, TimeSpan.Zero);
        var events = Read<EventBatchRequest>(GatewayRequests.TrackEvents("c1",
        [
            new SimulatedEvent("search", at, null, ["shoes"], null, Query: "shoes sale"),
            new SimulatedEvent("purchase", at, "sku-1", ["shoes"], 59.99m, Brand: "Acme", OrderId: "o-1"),
        ]));
        Assert.Equal(["search", "purchase"], events.Events!.Select(e => e.Type));
        Assert.Equal("shoes sale", events.Events![0].Query);
        Assert.Equal("o-1", events.Events![1].OrderId);

        var consents = Read<ConsentsRequest>(GatewayRequests.PutConsents("c1", new ConsentChoices(true, false, true, false)));
        Assert.Equal("granted", consents.Consents!["analytics"]);
        Assert.Equal("denied", consents.Consents!["third_party"]);

        var context = Read<ContextInput>(GatewayRequests.PutContext("c1", Context));
        Assert.Equal("PL", context.Country);
        Assert.Equal("s-1", context.SessionId);
    }

    [Fact]
    public void Trigger_bodies_match_the_gateway_records()
    {
        var channels = Read<PreferencesInput>(GatewayRequests.AcceptChannels("c1", ["email"]));
        Assert.Equal(["email"], channels.AcceptedChannels!);

        var call = GatewayRequests.AbandonedCartTrigger("crm", TimeSpan.FromSeconds(30));
        Assert.True(call.UsesAdminKey);
        Assert.Equal($"/v1/triggers/{GatewayRequests.AbandonedCartTriggerId}", call.Path);
        var trigger = Read<Grains.Interfaces.Orchestration.TriggerDefinition>(call);
        Assert.Equal(Grains.Interfaces.Customers.EventType.AddToCart, Assert.Single(trigger.StartOn).Type);
        Assert.Equal(Grains.Interfaces.Customers.EventType.Purchase, Assert.Single(trigger.ExitOn!).Type);
        Assert.Equal((TimeSpan.FromSeconds(30), "email", "crm", true), (trigger.Delay, trigger.Channel, trigger.Destination, trigger.RequireCart));
        Assert.True(trigger.Cap!.OncePerCart);
        Assert.Empty(Grains.Orchestration.TriggerValidator.Validate(trigger with { Id = GatewayRequests.AbandonedCartTriggerId }, ["crm"]));
    }

    [Fact]
    public void Decision_api_bodies_match_the_shared_records()
    {
        var recommendations = Read<RecommendationsRequest>(GatewayRequests.Recommendations("c1", "product_page", 8, "sku-1", Context, ["sku-2"]));
        Assert.Equal(new RecommendationsRequest("product_page", 8, "sku-1", recommendations.Context), recommendations);
        Assert.Equal(["sku-2"], recommendations.Context!.CartItemIds!);

        Assert.Equal("home", Read<ExperienceRequest>(GatewayRequests.Experience("c1", "home", Context)).Page);

        var feedback = GatewayRequests.Feedback("d1_x", FeedbackType.Click, "sku-3", null);
        Assert.Equal("/v1/decisions/d1_x/feedback", feedback.Path);
        Assert.Equal(new DecisionFeedback(FeedbackType.Click, "sku-3"), Read<DecisionFeedback>(feedback));

        var upload = GatewayRequests.UploadCatalog(CatalogGenerator.Generate(24, seed: 1).Items);
        Assert.True(upload.UsesAdminKey);
        var items = Read<CatalogUploadRequest>(upload).Items;
        Assert.Equal(24, items.Count);
        Assert.All(items, i => Assert.True(i.Categories.Count == 2 && i.Price > 0 && i.Attributes!.Count >= 2));
    }

    [Fact]
    public void Decision_answers_yield_the_decision_id_and_the_items_shown()
    {
        var recommendations = """{"decisionId":"d1_a","items":[{"itemId":"i1"},{"itemId":"i2"}]}"""u8.ToArray();
        var experience = """{"decisionId":"d1_b","blocks":[{"id":"hero"},{"id":"r","items":[{"itemId":"i3"}]}]}"""u8.ToArray();

        Assert.Equal(["i1", "i2"], GatewayRequests.Decision(recommendations).ItemIds);
        Assert.Equal("d1_b", GatewayRequests.Decision(experience).DecisionId);
        Assert.Equal(["i3"], GatewayRequests.Decision(experience).ItemIds);
    }

    private static T Read<T>(GatewayCall call) => JsonSerializer.Deserialize<T>(call.Body, JsonBody.Options)!;
}
