using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Grains.Customers;

/// <summary>What decisions (recommendations, offers, segments, experiments) may read from a
/// profile. Read-only; times are Unix seconds or <see cref="DateTimeOffset"/>s passed in, so the
/// same profile gives the same answer for the same "now".</summary>
public interface IReadOnlyCustomerProfile
{
    /// <summary>The stored status of a consent.</summary>
    ConsentStatus ConsentOf(ConsentPurpose purpose);

    /// <summary>True only when the consent is granted (unknown, denied and revoked are not).</summary>
    bool HasConsent(ConsentPurpose purpose);

    /// <summary>Explicit choices: favourite/excluded categories and brands, content filters, language,
    /// currency, channels. They win over anything inferred.</summary>
    Preferences Preferences { get; }

    /// <summary>The latest context (device, channel, language, country...), or null.</summary>
    CustomerContext? Context { get; }

    SessionInfo? Session { get; }

    /// <summary>The recent-events ring, oldest first.</summary>
    IReadOnlyList<RecordedEvent> RecentEvents { get; }

    /// <summary>Events stored since creation or the last analytics purge.</summary>
    long EventCount { get; }

    /// <summary>Distinct item ids of recent events of the given types, newest first.</summary>
    IReadOnlyList<string> RecentItemIds(int max, params ReadOnlySpan<EventType> types);

    /// <summary>Distinct purchased item ids, newest first (kept beyond the ring, bounded).</summary>
    IReadOnlyList<string> PurchasedItemIds { get; }

    /// <summary>Every item ever bought (not bounded), as sorted <see cref="Decisions.ItemIdHash"/>es.</summary>
    IReadOnlyList<uint> PurchasedItemHashes { get; }

    /// <summary>Category affinities decayed to <paramref name="now"/>, strongest first.</summary>
    IReadOnlyList<AffinityScore> CategoryAffinities(DateTimeOffset now);

    /// <summary>Brand affinities decayed to <paramref name="now"/>, strongest first.</summary>
    IReadOnlyList<AffinityScore> BrandAffinities(DateTimeOffset now);

    double CategoryAffinity(string category, DateTimeOffset now);

    double BrandAffinity(string brand, DateTimeOffset now);

    CartView Cart(DateTimeOffset now);

    PurchaseSummaryView Purchases(DateTimeOffset now);

    DateTimeOffset? FirstSeen { get; }

    DateTimeOffset? LastSeen { get; }
}
