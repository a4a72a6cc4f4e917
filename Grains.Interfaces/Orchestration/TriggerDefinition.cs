using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Grains.Interfaces.Orchestration;

/// <summary>A journey step of one of four kinds: start events (<see cref="StartOn"/>), a lapse
/// (<see cref="LapsedDays"/>), a segment entry (<see cref="SegmentEntered"/>) or the customer's first visit
/// (<see cref="FirstSeen"/>). With start events: when one of <see cref="StartOn"/> happens, a message to <see cref="Destination"/> is
/// scheduled <see cref="Delay"/> later; another start event before then moves it (the delay counts from the latest one,
/// so "cart abandoned for 30 minutes" is <c>startOn: add_to_cart, delay: 00:30:00</c>); an <see cref="ExitOn"/> event
/// cancels it. Consent (<c>marketing</c> and <see cref="Channel"/> among the accepted channels) is checked when it is due.</summary>
/// <param name="Id">Unique id (letters, digits, <c>-</c>, <c>_</c>).</param>
/// <param name="StartOn">Events that start (or restart) the wait (empty for the other kinds).</param>
/// <param name="Delay">Wait after the latest start event (0 to 400 days).</param>
/// <param name="Channel">The channel the destination reaches the customer on: email, sms, push, in_app or web.</param>
/// <param name="Destination">A webhook destination configured on the silos (<c>Orchestration:Destinations:NAME</c>).</param>
/// <param name="ExitOn">Events that cancel a pending message (e.g. <c>purchase</c>).</param>
/// <param name="RequireCart">Send only if the cart still has lines when due.</param>
/// <param name="Cap">How often one customer may get this message.</param>
/// <param name="Payload">What the message carries besides the customer id and decision id.</param>
/// <param name="HoldoutPercent">Share of customers (0–99, by a hash of customer and trigger) who are decided for but
/// not sent to, as the control group of the trigger's A/B test.</param>
/// <param name="QuietHours">A daily window, in the customer's time zone, in which nothing is sent: a message due inside
/// it waits for the window's end.</param>
/// <param name="LapsedDays">"Lapsed N days": every stored event is activity and (re)starts a wait of this many days
/// (plus <see cref="Delay"/>); the message is sent when the customer was quiet that long.</param>
/// <param name="SegmentEntered">"Segment entered": a decision-engine segment id; evaluated after every stored event
/// batch, a message is scheduled (after <see cref="Delay"/>) when the customer was outside it and is now inside, once per
/// entry; leaving the segment cancels a pending one.</param>
/// <param name="FirstSeen">"First seen" (a welcome): a message is scheduled (after <see cref="Delay"/>) by the batch that
/// stores the customer's first event; after an analytics purge the customer's next stored event is a first one again.</param>
[GenerateSerializer, Immutable]
public sealed record TriggerDefinition(
    string Id,
    IReadOnlyList<TriggerEvent> StartOn,
    TimeSpan Delay,
    string Channel,
    string Destination,
    IReadOnlyList<TriggerEvent>? ExitOn = null,
    bool RequireCart = false,
    TriggerCap? Cap = null,
    TriggerPayload? Payload = null,
    int HoldoutPercent = 0,
    QuietHours? QuietHours = null,
    int? LapsedDays = null,
    string? SegmentEntered = null,
    bool FirstSeen = false);

/// <summary>An event that starts or exits a trigger.</summary>
/// <param name="Type">The event type.</param>
/// <param name="Name">For <c>custom</c> events: the event name that matches (any custom event when null).</param>
[GenerateSerializer, Immutable]
public sealed record TriggerEvent(EventType Type, string? Name = null);

/// <summary>A daily window in the customer's time zone (<c>CustomerContext.TimeZone</c>, UTC when unknown) in which no
/// message is sent. <see cref="Start"/> after <see cref="End"/> crosses midnight (<c>21:00</c> to <c>08:00</c>).</summary>
/// <param name="Start">Local time the window opens, <c>HH:mm</c> (24 h).</param>
/// <param name="End">Local time the window closes, <c>HH:mm</c>; a message due in the window is sent then.</param>
[GenerateSerializer, Immutable]
public sealed record QuietHours(string Start, string End);

/// <summary>Per-customer frequency cap of a trigger.</summary>
/// <param name="OncePerDays">At most one delivered message per this many days (null: no limit).</param>
/// <param name="OncePerCart">At most one delivered message until the cart has been emptied (bought or cleared).</param>
[GenerateSerializer, Immutable]
public sealed record TriggerCap(int? OncePerDays = null, bool OncePerCart = false);

/// <summary>The payload template: what is computed at send time and added to the message.</summary>
/// <param name="IncludeCart">Adds the cart lines and value.</param>
/// <param name="Recommendations">Adds this many recommended items (0–50), computed at send time.</param>
/// <param name="OfferCode">A code passed through as <c>offerCode</c>.</param>
/// <param name="Data">Static fields passed through as <c>data</c> (template id, subject line…).</param>
[GenerateSerializer, Immutable]
public sealed record TriggerPayload(bool IncludeCart = false, int Recommendations = 0, string? OfferCode = null, IReadOnlyDictionary<string, string>? Data = null);

/// <summary>Every trigger at one version.</summary>
[GenerateSerializer, Immutable]
public sealed record TriggerConfig(long Version, IReadOnlyList<TriggerDefinition> Triggers)
{
    /// <summary>No triggers.</summary>
    public static readonly TriggerConfig Empty = new(0, []);
}
