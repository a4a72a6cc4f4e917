using System.Diagnostics.Metrics;
using PersoActors.Grains.Customers;
using PersoActors.Grains.Decisions;

namespace PersoActors.Grains.Diagnostics;

/// <summary>What the customer grains do, on meter <c>PersoActors.Customers</c>: behaviour events accepted and dropped,
/// decisions made, decision views held. Tags come from fixed small sets (an unknown reason is tagged <c>other</c>), so recording allocates
/// nothing and a scrape stays small.</summary>
public static class CustomerMetrics
{
    /// <summary>The meter's name, for OpenTelemetry's <c>AddMeter</c>.</summary>
    public const string MeterName = "PersoActors.Customers";

    /// <summary>The <c>fallback</c> tag of a personalized decision (and of offers, which have no fallback).</summary>
    public const string NoFallback = "none";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> EventsAccepted = Meter.CreateCounter<long>(
        "persoactors.events.accepted", unit: "{event}", description: "Behaviour events stored (acknowledged to the caller)");

    private static readonly Counter<long> EventsDropped = Meter.CreateCounter<long>(
        "persoactors.events.dropped", unit: "{event}", description: "Behaviour events not stored, by reason (analytics_consent_not_granted)");

    private static readonly Counter<long> EventsDuplicate = Meter.CreateCounter<long>(
        "persoactors.events.duplicate", unit: "{event}", description: "Behaviour events of repeated batches (same Idempotency-Key) answered without storing them again");

    private static readonly Counter<long> Decisions = Meter.CreateCounter<long>(
        "persoactors.decisions", unit: "{decision}", description: "Decisions made, by kind and by why they were not personalized (fallback=none when they were)");

    private static readonly UpDownCounter<long> DecisionViews = Meter.CreateUpDownCounter<long>(
        "persoactors.decision_views", unit: "{view}", description: "Decision views (~3 KB each) held by active customer grains: built for a decision, dropped when the profile changes or the view's lifetime is over");

    internal static void Accepted(int count)
    {
        if (count > 0)
        {
            EventsAccepted.Add(count);
        }
    }

    internal static void Duplicate(int count) => EventsDuplicate.Add(count);

    internal static void Dropped(int count, string? reason)
    {
        if (count > 0)
        {
            EventsDropped.Add(count, new KeyValuePair<string, object?>("reason", reason is CustomerProfile.NoAnalyticsConsent ? reason : "other"));
        }
    }

    internal static void DecisionViewsHeld(int change)
    {
        if (change != 0)
        {
            DecisionViews.Add(change);
        }
    }

    internal static void Decided(string kind, string? fallbackReason) =>
        Decisions.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("fallback", FallbackTag(fallbackReason)));

    private static string FallbackTag(string? reason) => reason switch
    {
        null => NoFallback,
        FallbackReasons.NoPersonalizationConsent or FallbackReasons.InsufficientData or FallbackReasons.ExperimentVariant => reason,
        _ => "other",
    };
}
