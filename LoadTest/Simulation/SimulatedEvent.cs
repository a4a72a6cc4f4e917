namespace PersoActors.LoadTest.Simulation;

/// <summary>A behaviour event as a simulated site reports it.</summary>
/// <param name="Type">Snake-case event type (<see cref="EventTypes"/>).</param>
/// <param name="Timestamp">When it happened (UTC, millisecond precision).</param>
/// <param name="ItemId">The catalog item, if any.</param>
/// <param name="Categories">The item's categories.</param>
/// <param name="Value">Unit price (cart events) or amount paid (purchase).</param>
/// <param name="Brand">The item's brand.</param>
/// <param name="Query">Search text (search events).</param>
/// <param name="OrderId">Purchase events of one order share it.</param>
public sealed record SimulatedEvent(string Type, DateTimeOffset Timestamp, string? ItemId, IReadOnlyList<string>? Categories, decimal? Value,
    string? Brand = null, string? Query = null, string? OrderId = null);

/// <summary>Event type names as the gateway spells them.</summary>
public static class EventTypes
{
    public const string View = "view";
    public const string Click = "click";
    public const string Search = "search";
    public const string AddToCart = "add_to_cart";
    public const string RemoveFromCart = "remove_from_cart";
    public const string Purchase = "purchase";
}

/// <summary>Where and how a simulated user arrived.</summary>
public sealed record VisitContext(
    string Device,
    string Channel,
    string Country,
    string Language,
    string JourneyStage,
    string? Campaign,
    string? Referrer,
    string SessionId);

/// <summary>A simulated user's answer to the consent banner.</summary>
public sealed record ConsentChoices(bool Analytics, bool Personalization, bool Marketing, bool ThirdParty);
