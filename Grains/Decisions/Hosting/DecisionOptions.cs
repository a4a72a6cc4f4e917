namespace PersoActors.Grains.Decisions;

/// <summary>Settings of the decision engine, bound from the <c>Decisions</c> configuration section.</summary>
public sealed class DecisionOptions
{
    /// <summary>Key of the catalog, item-signals and decision-config grains.</summary>
    public string Key { get; set; } = "default";

    /// <summary>How often each silo polls catalog/signals/config versions and rebuilds its snapshot when one changed.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often each silo's aggregator merges its item signals into the item-signals grain.</summary>
    public TimeSpan SignalsFlushInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often an item-signals shard writes what was merged into it (and when it is deactivated): a silo that
    /// crashes loses at most this much of the aggregate signals of the shards it held, never customer data. Zero: a
    /// write with every merge. Each write is the whole shard (~170 KB for a 2,000-item catalog), so writing at every
    /// merge put 2.7 MB in the store every <see cref="SignalsFlushInterval"/>, ahead of the customers' own writes.</summary>
    public TimeSpan SignalsPersistInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Half-life of popularity and co-occurrence. Item relations are learnt from months of behaviour: on the
    /// quality benchmark (docs/quality.md) NDCG@10 falls by half from 180 days to 7.</summary>
    public TimeSpan PopularityHalfLife { get; set; } = TimeSpan.FromDays(180);

    /// <summary>Interactions buffered per silo before new ones are dropped (ingestion never waits on signals).</summary>
    public int AggregatorCapacity { get; set; } = 100_000;

    /// <summary>Co-occurrence neighbours kept per item (the strongest by raw weight; the index re-ranks them by
    /// similarity, so keeping twice what a seed uses lets the less popular good matches through).</summary>
    public int MaxNeighbours { get; set; } = 40;

    /// <summary>The <see cref="DecisionIdKey"/> a silo has until one is configured: public, so anyone could sign ids.</summary>
    public const string DevelopmentDecisionIdKey = "persoactors-development-decision-key";

    /// <summary>HMAC key signing decision ids; set the same secret on every silo in production.</summary>
    public string DecisionIdKey { get; set; } = DevelopmentDecisionIdKey;

    /// <summary>How long a customer grain decides from the view of the profile it built (<c>DecisionProfile</c>) before
    /// building it again; any change to the profile drops it at once. The view is ~3 KB per customer, as much as the rest
    /// of an active customer, so once this is over it is also dropped from memory, even if no decision follows.</summary>
    public TimeSpan DecisionViewLifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Feedback later than this after the decision is not attributed.</summary>
    public TimeSpan AttributionWindow { get; set; } = TimeSpan.FromDays(7);

    public string DefaultLanguage { get; set; } = "en";

    public string DefaultCurrency { get; set; } = "EUR";

    public string DefaultLayout { get; set; } = "grid";

    public RecommenderOptions Recommender { get; set; } = new();
}

/// <summary>Weights and limits of the recommender.</summary>
public sealed class RecommenderOptions
{
    /// <summary>At most this many items share a primary category in one list.</summary>
    public int MaxPerCategory { get; set; } = 3;

    /// <summary>Below this many personal signals (recent items, purchases, affinities) the default list is served.</summary>
    public int MinSignals { get; set; } = 3;

    public double AffinityWeight { get; set; } = 0.5;

    public double BrandWeight { get; set; } = 0.4;

    public double PopularityWeight { get; set; } = 0.3;

    public double NeighbourWeight { get; set; } = 1.2;

    public double FavouriteCategoryBoost { get; set; } = 0.5;

    public double FavouriteBrandBoost { get; set; } = 0.3;

    /// <summary>Context boosts: items with the tag get their score multiplied when the context matches.</summary>
    public List<ContextBoostRule> ContextBoosts { get; set; } =
    [
        new() { Tag = "breakfast", FromHour = 5, ToHour = 10, Multiplier = 1.3 },
        new() { Tag = "evening", FromHour = 18, ToHour = 23, Multiplier = 1.3 },
        new() { Tag = "mobile_friendly", Device = "mobile", Multiplier = 1.2 },
    ];
}

/// <summary>Multiplies the score of items carrying <see cref="Tag"/> when every set condition matches the request context.</summary>
public sealed class ContextBoostRule
{
    public string Tag { get; set; } = "";

    public string? Device { get; set; }

    public string? Channel { get; set; }

    public string? Country { get; set; }

    /// <summary>Inclusive local-hour window; wraps around midnight when FromHour &gt; ToHour.</summary>
    public int? FromHour { get; set; }

    public int? ToHour { get; set; }

    public double Multiplier { get; set; } = 1.2;
}
