using System.Text.Json.Serialization;

namespace PersoActors.Grains.Interfaces.Customers;

/// <summary>Every stored field of a profile: what export returns, what a merge carries from the
/// anonymous profile to the known one, and (without <see cref="Decisions"/>) what the grain persists.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable]
public sealed record CustomerSnapshot
{
    public string CustomerId { get; init; } = "";

    /// <summary>When the snapshot was taken.</summary>
    public DateTimeOffset TakenAt { get; init; }

    public IReadOnlyList<ConsentRecord> Consents { get; init; } = [];

    public Preferences Preferences { get; init; } = Preferences.Empty;

    public CustomerContext? Context { get; init; }

    public SessionInfo? Session { get; init; }

    /// <summary>The recent-events ring, oldest first.</summary>
    [JsonConverter(typeof(StoredEventsJsonConverter))]
    public IReadOnlyList<BehaviourEvent> Events { get; init; } = [];

    /// <summary>Events stored since the profile was created or last purged.</summary>
    public long EventCount { get; init; }

    public IReadOnlyList<StoredAffinity> CategoryAffinities { get; init; } = [];

    public IReadOnlyList<StoredAffinity> BrandAffinities { get; init; } = [];

    public IReadOnlyList<CartLine> CartLines { get; init; } = [];

    public DateTimeOffset? CartUpdatedAt { get; init; }

    public PurchaseRecord Purchases { get; init; } = PurchaseRecord.None;

    public DateTimeOffset? FirstSeen { get; init; }

    public DateTimeOffset? LastSeen { get; init; }

    /// <summary>Anonymous ids merged into this profile.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Purges caused by withdrawn consents (the most recent ones).</summary>
    public IReadOnlyList<PurgeRecord> Purges { get; init; } = [];

    /// <summary>The decision memory (offer caps, experiment variants, recent decisions, feedback). Set in exports and
    /// merges; the grain persists it next to the snapshot, not inside it.</summary>
    public CustomerDecisionMemory? Decisions { get; init; }

    /// <summary>The outbox and delivery log of triggered messages (exports only; the grain persists them next to the snapshot).</summary>
    public IReadOnlyList<Orchestration.OutboxMessage>? Messages { get; init; }

    /// <summary>The idempotency keys of the last event batches stored with one, oldest first (exports only; the grain
    /// persists them next to the snapshot).</summary>
    public IReadOnlyList<EventBatchReceipt>? EventBatchReceipts { get; init; }

    /// <summary>The merges of anonymous profiles this profile absorbed (the last few, oldest first), kept so a repeated
    /// merge is answered as the first was (exports only; the grain persists them next to the snapshot).</summary>
    public IReadOnlyList<MergeResult>? Merges { get; init; }

    /// <summary>The merge this (anonymous) profile is being handed over to, until it is settled (exports only).</summary>
    public PendingHandOver? HandedOverTo { get; init; }

    /// <summary>Where events sent to this (merged, erased) anonymous id go, and until when (exports only; see
    /// <c>Customers:MergedIdForwarding</c>).</summary>
    public MergeForwarding? ForwardsTo { get; init; }
}

/// <summary>An anonymous id merged into a known profile, whose events go on to that profile for a while.</summary>
/// <param name="CustomerId">The known profile it was merged into.</param>
/// <param name="Until">When the forwarding ends.</param>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable]
public sealed record MergeForwarding(string CustomerId, DateTimeOffset Until);

/// <summary>A merge into another profile that has taken this profile's data and is not settled yet.</summary>
/// <param name="CustomerId">The known profile it is handed over to.</param>
/// <param name="SettledBy">When this profile settles the merge itself (erased if it was absorbed, given back if not)
/// should its caller not come back.</param>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable]
public sealed record PendingHandOver(string CustomerId, DateTimeOffset SettledBy);

/// <summary>An affinity as stored: its score as of <paramref name="AsOf"/>.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable]
public sealed record StoredAffinity(string Key, double Score, DateTimeOffset AsOf)
{
    // Read from stored JSON through this constructor and the properties' setters: System.Text.Json boxes every argument
    // of a constructor with parameters, and an activation from a snapshot reads up to 30 of these.
    [JsonConstructor]
    private StoredAffinity()
        : this("", 0, default)
    {
    }
}

/// <summary>The stored purchase summary.</summary>
/// <param name="OrderCount">Orders placed.</param>
/// <param name="TotalSpend">Sum of purchase values.</param>
/// <param name="FirstPurchaseAt">The first purchase.</param>
/// <param name="LastPurchaseAt">The last purchase.</param>
/// <param name="PurchasedItemIds">Distinct purchased items, newest first (bounded).</param>
/// <param name="RecentOrderIds">The last order ids seen, to count multi-line orders once.</param>
/// <param name="PurchasedItemHashes">Every item ever bought (not bounded), as sorted 32-bit FNV-1a hashes of the ids;
/// null in records stored before it existed.</param>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable]
public sealed record PurchaseRecord(
    int OrderCount,
    decimal TotalSpend,
    DateTimeOffset? FirstPurchaseAt,
    DateTimeOffset? LastPurchaseAt,
    IReadOnlyList<string> PurchasedItemIds,
    IReadOnlyList<string> RecentOrderIds,
    IReadOnlyList<uint>? PurchasedItemHashes = null)
{
    public static PurchaseRecord None { get; } = new(0, 0m, null, null, [], []);

    // Read from stored JSON without boxing each argument (see StoredAffinity).
    [JsonConstructor]
    private PurchaseRecord()
        : this(0, 0m, null, null, [], [])
    {
    }
}

/// <summary>What an anonymous → known merge did.</summary>
/// <param name="CustomerId">The known profile.</param>
/// <param name="AnonymousId">The anonymous profile, now erased.</param>
/// <param name="EventsMerged">Events taken over (0 when the known profile has no analytics consent).</param>
/// <param name="ConsentsAdopted">Purposes the known profile had no decision for and took from the anonymous one.</param>
/// <param name="PreferencesAdopted">Preference fields the known profile had not set and took from the anonymous one.</param>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable]
public sealed record MergeResult(
    string CustomerId,
    string AnonymousId,
    int EventsMerged,
    IReadOnlyList<ConsentPurpose> ConsentsAdopted,
    IReadOnlyList<string> PreferencesAdopted);
