using PersoActors.Grains.Customers;
using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Bench.Quality;

/// <summary>Replays the training ratings through the code a customer grain runs, without a silo: each rating is one
/// event tracked by the user's <see cref="CustomerProfile"/> (ratings ≥ 4 as <c>purchase</c>, lower ones as
/// <c>view</c>), and reported to item signals as the grain reports it (an <see cref="ItemInteraction"/> with the
/// customer's recent items as co-items, into a <see cref="SignalAccumulator"/>); the signals are merged and pruned
/// as the item-signals grain does, joined with the catalog into a <see cref="DecisionSnapshot"/>, and every user
/// asks the <see cref="DecisionEngine"/> for 10 home recommendations built by <see cref="DecisionProfileBuilder"/>.</summary>
public sealed class PersoActorsReplay
{
    /// <summary>The rating timeline is mapped linearly onto this span ending at <see cref="End"/> (the order and the
    /// relative gaps are kept), like a shop's recent history.</summary>
    public static readonly TimeSpan Span = TimeSpan.FromDays(210);

    public static readonly DateTimeOffset End = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private const int MaxCoItems = 20;
    private static readonly EventType[] SignalEventTypes = [EventType.View, EventType.Click, EventType.AddToCart, EventType.Purchase];

    private readonly Dictionary<int, CustomerProfile> profiles = [];
    private readonly DecisionEngine engine;
    private readonly DateTimeOffset askedAt = End.AddMinutes(1);
    private readonly RecommendationsRequest request = new("home", Metrics.K);

    public PersoActorsReplay(MovieLens data, Split split, DecisionOptions? decisions = null, CustomerProfileOptions? profileOptions = null)
    {
        decisions ??= new DecisionOptions();
        profileOptions ??= new CustomerProfileOptions();
        engine = new DecisionEngine(decisions, TimeProvider.System);
        var items = data.Movies.Values.OrderBy(m => m.Id).Select(m => new CatalogItem(Id(m.Id), m.Title, m.Genres)).ToArray();
        var catalog = CatalogSnapshot.Build(new CatalogContents(1, items));
        var first = data.Ratings.Min(r => r.Timestamp);
        var last = data.Ratings.Max(r => r.Timestamp);
        DateTimeOffset Time(long timestamp) =>
            End - Span + TimeSpan.FromSeconds(Math.Round(Span.TotalSeconds * (timestamp - first) / Math.Max(1, last - first)));

        var signals = new SignalAccumulator(End - Span, decisions.PopularityHalfLife);
        foreach (var (user, ratings) in split.Training)
        {
            var profile = new CustomerProfile(profileOptions);
            profile.ChangeConsents(new ConsentChange(
                [new ConsentDecision(ConsentPurpose.Analytics, true), new ConsentDecision(ConsentPurpose.Personalization, true)], "replay", ReplaceAll: false), End - Span);
            profiles[user] = profile;
            foreach (var rating in ratings)
            {
                if (!data.Movies.TryGetValue(rating.Movie, out var movie))
                {
                    continue;
                }

                var bought = rating.Stars >= Split.RelevantStars;
                var e = new BehaviourEvent(bought ? EventType.Purchase : EventType.View, Time(rating.Timestamp), Id(movie.Id), movie.Genres);
                profile.Track([e]);
                var recent = profile.RecentItemIds(MaxCoItems + 1, SignalEventTypes);
                signals.Add(new ItemInteraction(e.ItemId!, bought ? InteractionKind.Purchase : InteractionKind.View, e.Timestamp, CoItems(recent, e.ItemId!)), End);
            }
        }

        Snapshot = DecisionSnapshot.Create(catalog, SignalsOf(signals.ToDelta(End), decisions));
    }

    public DecisionSnapshot Snapshot { get; }

    public IReadOnlyList<int> Recommend(int user, bool consent)
    {
        var profile = DecisionProfileBuilder.Build($"u{user}", profiles[user], askedAt);
        if (!consent)
        {
            // What the builder produces for a customer who did not consent to personalization.
            profile = profile with { PersonalizationConsent = false, CategoryAffinities = null, BrandAffinities = null, RecentItems = null };
        }

        var response = engine.Recommend(profile, request, snapshot: Snapshot, now: askedAt).Response;
        return [.. response.Items.Select(i => int.Parse(i.ItemId, System.Globalization.CultureInfo.InvariantCulture))];
    }

    /// <summary>The item-signals grain's merge of the whole replay into an empty store.</summary>
    private static ItemSignalsData SignalsOf(ItemSignalDelta delta, DecisionOptions decisions)
    {
        var store = new ItemSignalsState();
        store.Merge(delta, decisions.PopularityHalfLife, decisions.MaxNeighbours);
        return store.ToData();
    }

    private static string Id(int movie) => movie.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The customer grain's co-items: its recent item ids other than the item itself, at most 20.</summary>
    private static IReadOnlyList<string>? CoItems(IReadOnlyList<string> recent, string itemId)
    {
        var result = recent.Where(id => !string.Equals(id, itemId, StringComparison.Ordinal)).Take(MaxCoItems).ToList();
        return result.Count == 0 ? null : result;
    }
}
