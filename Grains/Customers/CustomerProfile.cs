using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Grains.Customers;

/// <summary>Everything known about one customer, in memory, governed by their consent. Pure domain
/// logic: no runtime, no I/O; time is passed in. The grain is a thin shell that persists it.</summary>
public sealed class CustomerProfile : IReadOnlyCustomerProfile
{
    public const string NoAnalyticsConsent = "analytics_consent_not_granted";

    private readonly CustomerProfileOptions options;
    private readonly ConsentLedger consents = new();
    private readonly BehaviourRing ring;
    private AffinityModel? categories;
    private AffinityModel? brands;
    private CartTracker? cart;
    private PurchaseSummary? purchases;
    private long firstSeen;
    private long lastSeen;
    private string[] aliases = [];
    private PurgeRecord[] purges = [];

    public CustomerProfile(CustomerProfileOptions options)
    {
        this.options = options;
        ring = new BehaviourRing(options.RecentEventLimit);
    }

    public Preferences Preferences { get; private set; } = Preferences.Empty;

    public CustomerContext? Context { get; private set; }

    public SessionInfo? Session { get; private set; }

    public long EventCount { get; private set; }

    public IReadOnlyList<RecordedEvent> RecentEvents => ring;

    public IReadOnlyList<string> PurchasedItemIds => purchases?.PurchasedItemIds ?? [];

    public IReadOnlyList<uint> PurchasedItemHashes => purchases?.PurchasedItemHashes ?? [];

    public DateTimeOffset? FirstSeen => ToTime(firstSeen);

    public DateTimeOffset? LastSeen => ToTime(lastSeen);

    public IReadOnlyList<string> Aliases => aliases;

    public IReadOnlyList<PurgeRecord> Purges => purges;

    /// <summary>Nothing was ever recorded: no event, consent, preference, context, alias or purge.</summary>
    public bool IsBlank => EventCount == 0 && consents.Records().All(c => c.Status == ConsentStatus.Unknown) && Preferences.UpdatedAt is null
        && Context is null && aliases.Length == 0 && purges.Length == 0;

    private long HalfLifeSeconds => Math.Max(1, (long)options.AffinityHalfLife.TotalSeconds);

    private long AbandonAfterSeconds => (long)options.CartAbandonedAfter.TotalSeconds;

    public ConsentStatus ConsentOf(ConsentPurpose purpose) => consents.StatusOf(purpose);

    public bool HasConsent(ConsentPurpose purpose) => consents.IsGranted(purpose);

    public IReadOnlyList<ConsentRecord> Consents() => consents.Records();

    /// <summary>Stores and derives from a batch, or drops it all when analytics consent is not granted.</summary>
    public TrackEventsResult Track(IReadOnlyList<BehaviourEvent> events)
    {
        if (events.Count == 0)
        {
            return new TrackEventsResult(0, 0, null);
        }

        if (!consents.IsGranted(ConsentPurpose.Analytics))
        {
            return new TrackEventsResult(0, events.Count, NoAnalyticsConsent);
        }

        for (var i = 0; i < events.Count; i++)
        {
            Apply(RecordedEvent.From(events[i]));
        }

        return new TrackEventsResult(events.Count, 0, null);
    }

    /// <summary><see cref="Track(IReadOnlyList{BehaviourEvent})"/> for a journal entry replayed on activation, its
    /// events already in the ring's form. Nothing is answered, so nothing is allocated per entry.</summary>
    public void Replay(ReadOnlySpan<RecordedEvent> events)
    {
        if (!consents.IsGranted(ConsentPurpose.Analytics))
        {
            return;
        }

        foreach (ref readonly var e in events)
        {
            Apply(e);
        }
    }

    /// <summary>Changes consents; withdrawing analytics purges behaviour and everything derived from it,
    /// withdrawing personalization purges the inferred affinities. Returns the purges done.</summary>
    public IReadOnlyList<PurgeRecord> ChangeConsents(ConsentChange change, DateTimeOffset now)
    {
        var withdrawn = consents.Apply(change, now.ToUnixTimeSeconds());
        var done = new List<PurgeRecord>();
        if (withdrawn.Contains(ConsentPurpose.Analytics))
        {
            done.Add(new PurgeRecord(now, ConsentPurpose.Analytics, "behaviour", PurgeBehaviour()));
        }

        if (withdrawn.Contains(ConsentPurpose.Personalization))
        {
            categories = null;
            brands = null;
            done.Add(new PurgeRecord(now, ConsentPurpose.Personalization, "affinities", 0));
        }

        if (done.Count > 0)
        {
            purges = [.. purges.Concat(done).TakeLast(options.MaxPurgeRecords)];
        }

        return done;
    }

    /// <summary>Replaces all preferences; throws <see cref="ProfileValidationException"/> when invalid.</summary>
    public Preferences ReplacePreferences(Preferences preferences, DateTimeOffset now)
    {
        if (PreferenceRules.Check(preferences) is { } broken)
        {
            throw new ProfileValidationException(broken.Field, broken.Message);
        }

        return Preferences = PreferenceRules.Normalize(preferences) with { UpdatedAt = now };
    }

    /// <summary>Applies a patch; throws <see cref="ProfileValidationException"/> (changing nothing)
    /// when the result would be invalid.</summary>
    public Preferences PatchPreferences(PreferencesPatch patch, DateTimeOffset now) =>
        ReplacePreferences(PreferenceRules.Apply(Preferences, patch).Result, now);

    /// <summary>Replaces the context; a new session id starts a new session.</summary>
    public ContextResult SetContext(CustomerContext context, DateTimeOffset now)
    {
        var pool = StringPool.Shared;
        Context = context with
        {
            Device = pool.Intern(context.Device),
            Channel = pool.Intern(context.Channel),
            Language = pool.Intern(context.Language),
            Country = pool.Intern(context.Country),
            Region = pool.Intern(context.Region),
            JourneyStage = pool.Intern(context.JourneyStage),
            Campaign = pool.Intern(context.Campaign),
            TimeZone = pool.Intern(context.TimeZone),
            UpdatedAt = now,
        };
        if (context.SessionId is { } sessionId)
        {
            Session = Session is { } current && current.Id == sessionId
                ? current with { LastActivityAt = now }
                : new SessionInfo(sessionId, now, 0, now);
        }

        return new ContextResult(Context, Session);
    }

    public void AddAlias(string alias)
    {
        if (!aliases.Contains(alias, StringComparer.Ordinal))
        {
            aliases = [.. aliases.Append(alias).TakeLast(ProfileLimits.MaxAliases)];
        }
    }

    public IReadOnlyList<string> RecentItemIds(int max, params ReadOnlySpan<EventType> types)
    {
        var ids = new List<string>();
        for (var i = ring.Count - 1; i >= 0 && ids.Count < max; i--)
        {
            var e = ring[i];
            if (e.ItemId is { } id && (types.IsEmpty || types.Contains(e.Type)) && !ids.Contains(id))
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    public IReadOnlyList<AffinityScore> CategoryAffinities(DateTimeOffset now) => categories?.Scores(now.ToUnixTimeSeconds()) ?? [];

    public IReadOnlyList<AffinityScore> BrandAffinities(DateTimeOffset now) => brands?.Scores(now.ToUnixTimeSeconds()) ?? [];

    public double CategoryAffinity(string category, DateTimeOffset now) => categories?.ScoreOf(category, now.ToUnixTimeSeconds()) ?? 0;

    public double BrandAffinity(string brand, DateTimeOffset now) => brands?.ScoreOf(brand, now.ToUnixTimeSeconds()) ?? 0;

    public CartView Cart(DateTimeOffset now) =>
        cart?.View(now.ToUnixTimeSeconds(), AbandonAfterSeconds) ?? new CartView([], 0m, null, false, null);

    public PurchaseSummaryView Purchases(DateTimeOffset now) =>
        purchases?.View(now.ToUnixTimeSeconds()) ?? new PurchaseSummaryView(0, 0m, 0m, null, null, null, []);

    public CustomerProfileView ToView(string customerId, DateTimeOffset now) => new(
        customerId,
        consents.Records(),
        Preferences,
        Context,
        Session,
        EventObjects(),
        EventCount,
        CategoryAffinities(now),
        BrandAffinities(now),
        Cart(now),
        Purchases(now),
        FirstSeen,
        LastSeen,
        aliases,
        purges);

    public CustomerSnapshot ToSnapshot(string customerId, DateTimeOffset now) => Snapshot(customerId, now, EventObjects());

    /// <summary>The snapshot the grain stores: its events as one journal entry (<see cref="EncodedEvents"/>) when
    /// <paramref name="encodeEvents"/>, which an activation reads into the ring without an object per event.</summary>
    public CustomerSnapshot ToStoredSnapshot(string customerId, DateTimeOffset now, bool encodeEvents) =>
        Snapshot(customerId, now, encodeEvents ? EncodedRing() : EventObjects());

    private BehaviourEvent[] EventObjects() => ring.Select(e => e.ToEvent()).ToArray();

    private EncodedEvents EncodedRing()
    {
        using var entry = new EventJournal.EntryWriter(ring.Count, receipt: null);
        for (var i = 0; i < ring.Count; i++)
        {
            ring[i].WriteTo(entry);
        }

        return new EncodedEvents(entry.ToArray());
    }

    private CustomerSnapshot Snapshot(string customerId, DateTimeOffset now, IReadOnlyList<BehaviourEvent> events) => new()
    {
        CustomerId = customerId,
        TakenAt = now,
        Consents = consents.Records().Where(c => c.Status != ConsentStatus.Unknown).ToArray(),
        Preferences = Preferences,
        Context = Context,
        Session = Session,
        Events = events,
        EventCount = EventCount,
        CategoryAffinities = categories?.ToStored() ?? [],
        BrandAffinities = brands?.ToStored() ?? [],
        CartLines = cart?.ToLines() ?? [],
        CartUpdatedAt = cart is { UpdatedAt: > 0 } ? ToTime(cart.UpdatedAt) : null,
        Purchases = purchases?.ToRecord() ?? PurchaseRecord.None,
        FirstSeen = FirstSeen,
        LastSeen = LastSeen,
        Aliases = aliases,
        Purges = purges,
    };

    public static CustomerProfile FromSnapshot(CustomerSnapshot snapshot, CustomerProfileOptions options)
    {
        var profile = new CustomerProfile(options)
        {
            Preferences = PreferenceRules.Normalize(snapshot.Preferences),
            Context = snapshot.Context,
            Session = snapshot.Session,
            EventCount = snapshot.EventCount,
        };
        foreach (var consent in snapshot.Consents)
        {
            profile.consents.Restore(consent);
        }

        if (snapshot.Events is EncodedEvents encoded)
        {
            foreach (var e in JournalReplay.Decode(encoded.Entry, out _))
            {
                profile.ring.Add(e);
            }
        }
        else
        {
            foreach (var e in snapshot.Events)
            {
                profile.ring.Add(RecordedEvent.From(e));
            }
        }

        foreach (var a in snapshot.CategoryAffinities)
        {
            profile.CategoryModel().Add(a.Key, a.Score, a.AsOf.ToUnixTimeSeconds());
        }

        foreach (var a in snapshot.BrandAffinities)
        {
            profile.BrandModel().Add(a.Key, a.Score, a.AsOf.ToUnixTimeSeconds());
        }

        if (snapshot.CartLines.Count > 0 || snapshot.CartUpdatedAt is not null)
        {
            profile.CartModel().Restore(snapshot.CartLines, snapshot.CartUpdatedAt?.ToUnixTimeSeconds() ?? 0);
        }

        if (snapshot.Purchases.OrderCount > 0 || snapshot.Purchases.PurchasedItemIds.Count > 0)
        {
            profile.PurchaseModel().Restore(snapshot.Purchases);
        }

        profile.firstSeen = snapshot.FirstSeen?.ToUnixTimeSeconds() ?? 0;
        profile.lastSeen = snapshot.LastSeen?.ToUnixTimeSeconds() ?? 0;
        profile.aliases = [.. snapshot.Aliases];
        profile.purges = [.. snapshot.Purges];
        return profile;
    }

    private void Apply(in RecordedEvent recorded)
    {
        ring.Add(recorded);
        EventCount++;
        var at = recorded.Timestamp;
        firstSeen = firstSeen == 0 ? at : Math.Min(firstSeen, at);
        lastSeen = Math.Max(lastSeen, at);

        if (consents.IsGranted(ConsentPurpose.Personalization) && recorded.Subject is { } subject && EventWeights.Of(recorded.Type) is var weight and > 0)
        {
            foreach (var category in subject.CategorySpan)
            {
                CategoryModel().Add(category, weight, at);
            }

            if (subject.Brand is { } brand)
            {
                BrandModel().Add(brand, weight, at);
            }
        }

        var itemId = recorded.ItemId;
        switch (recorded.Type)
        {
            case EventType.AddToCart when itemId is not null:
                CartModel().Add(itemId, recorded.Quantity, recorded.ValueCents, at);
                break;
            case EventType.RemoveFromCart when itemId is not null:
                CartModel().Remove(itemId, recorded.Quantity, at);
                break;
            case EventType.Purchase:
                cart?.Purchased(itemId, at);
                PurchaseModel().Record(itemId, recorded.ValueCents, recorded.OrderId, at);
                break;
            case EventType.View when Session is { } session:
                Session = session with { PageCount = session.PageCount + 1 };
                break;
        }
    }

    /// <summary>Forgets behaviour and everything derived from it; returns how many events were removed.</summary>
    private int PurgeBehaviour()
    {
        var removed = ring.Count;
        ring.Clear();
        EventCount = 0;
        categories = null;
        brands = null;
        cart = null;
        purchases = null;
        firstSeen = 0;
        lastSeen = 0;
        if (Session is { } session)
        {
            Session = session with { PageCount = 0 };
        }

        return removed;
    }

    private AffinityModel CategoryModel() =>
        categories ??= new AffinityModel(options.MaxCategoryAffinities, HalfLifeSeconds, options.MaxAffinityScore);

    private AffinityModel BrandModel() =>
        brands ??= new AffinityModel(options.MaxBrandAffinities, HalfLifeSeconds, options.MaxAffinityScore);

    private CartTracker CartModel() => cart ??= new CartTracker(options.MaxCartLines);

    private PurchaseSummary PurchaseModel() => purchases ??= new PurchaseSummary(options.PurchasedItemLimit, options.RecentOrderIdLimit);

    private static DateTimeOffset? ToTime(long unixSeconds) => unixSeconds == 0 ? null : DateTimeOffset.FromUnixTimeSeconds(unixSeconds);
}
