using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Grains.Customers;

/// <summary>Folds an anonymous profile into a known one. The rules:
/// <list type="number">
/// <item>Consents: the known profile's decisions win; a purpose it never decided takes the anonymous decision.</item>
/// <item>Preferences: each field the known profile set wins; unset fields (empty lists, null values)
/// take the anonymous value; custom keys are united, the known value winning on a clash.</item>
/// <item>Context and session: the more recently updated one wins (usually the anonymous, live one).</item>
/// <item>Behaviour: only if the merged profile has analytics consent. Events are interleaved by time
/// and the newest N kept; affinities add up (decayed to a common time) if it has personalization
/// consent; cart lines for items not in the known cart are added; purchase counts and spend add up;
/// first/last seen take the extremes. Without analytics consent the anonymous behaviour is discarded.</item>
/// <item>The anonymous id (and its own aliases) become aliases of the known profile.</item>
/// <item>Decision memory: see <see cref="DecisionMemoryMerger"/>.</item>
/// </list></summary>
public static class ProfileMerger
{
    public static (CustomerSnapshot Merged, MergeResult Result) Merge(
        CustomerSnapshot known, CustomerSnapshot anonymous, CustomerProfileOptions options, DateTimeOffset now)
    {
        var (consents, adoptedConsents) = MergeConsents(known.Consents, anonymous.Consents);
        var (preferences, adoptedPreferences) = MergePreferences(known.Preferences, anonymous.Preferences);
        var anonymousIsNewer = anonymous.Context?.UpdatedAt is { } a && (known.Context?.UpdatedAt is not { } k || a > k);
        var merged = known with
        {
            TakenAt = now,
            Consents = consents,
            Preferences = preferences,
            Context = anonymousIsNewer ? anonymous.Context : known.Context,
            Session = anonymousIsNewer ? anonymous.Session ?? known.Session : known.Session ?? anonymous.Session,
            Aliases = [.. known.Aliases.Append(anonymous.CustomerId).Concat(anonymous.Aliases).Distinct(StringComparer.Ordinal).TakeLast(ProfileLimits.MaxAliases)],
        };

        var eventsMerged = 0;
        if (IsGranted(consents, ConsentPurpose.Analytics))
        {
            eventsMerged = anonymous.Events.Count;
            merged = MergeBehaviour(merged, anonymous, options, IsGranted(consents, ConsentPurpose.Personalization));
        }

        merged = merged with { Decisions = DecisionMemoryMerger.Merge(known.Decisions, anonymous.Decisions, IsGranted(consents, ConsentPurpose.Analytics)) };
        return (merged, new MergeResult(known.CustomerId, anonymous.CustomerId, eventsMerged, adoptedConsents, adoptedPreferences));
    }

    private static CustomerSnapshot MergeBehaviour(CustomerSnapshot known, CustomerSnapshot anonymous, CustomerProfileOptions options, bool personalization)
    {
        var knownCart = known.CartLines.Select(l => l.ItemId).ToHashSet(StringComparer.Ordinal);
        var kp = known.Purchases;
        var ap = anonymous.Purchases;
        return known with
        {
            Events = [.. known.Events.Concat(anonymous.Events).OrderBy(e => e.Timestamp).TakeLast(options.RecentEventLimit)],
            EventCount = known.EventCount + anonymous.EventCount,
            CategoryAffinities = personalization
                ? AddAffinities(known.CategoryAffinities, anonymous.CategoryAffinities, options.MaxCategoryAffinities, options)
                : known.CategoryAffinities,
            BrandAffinities = personalization
                ? AddAffinities(known.BrandAffinities, anonymous.BrandAffinities, options.MaxBrandAffinities, options)
                : known.BrandAffinities,
            CartLines = [.. known.CartLines.Concat(anonymous.CartLines.Where(l => !knownCart.Contains(l.ItemId))).Take(options.MaxCartLines)],
            CartUpdatedAt = Max(known.CartUpdatedAt, anonymous.CartUpdatedAt),
            Purchases = new PurchaseRecord(
                kp.OrderCount + ap.OrderCount,
                kp.TotalSpend + ap.TotalSpend,
                Min(kp.FirstPurchaseAt, ap.FirstPurchaseAt),
                Max(kp.LastPurchaseAt, ap.LastPurchaseAt),
                [.. kp.PurchasedItemIds.Concat(ap.PurchasedItemIds).Distinct(StringComparer.Ordinal).Take(options.PurchasedItemLimit)],
                [.. kp.RecentOrderIds.Concat(ap.RecentOrderIds).Distinct(StringComparer.Ordinal).Take(options.RecentOrderIdLimit)],
                [.. EverBought(kp).Concat(EverBought(ap)).Distinct().Order()]),
            FirstSeen = Min(known.FirstSeen, anonymous.FirstSeen),
            LastSeen = Max(known.LastSeen, anonymous.LastSeen),
        };
    }

    private static IEnumerable<uint> EverBought(PurchaseRecord record) =>
        (record.PurchasedItemHashes ?? []).Concat(record.PurchasedItemIds.Select(ItemIdHash.Of));

    private static IReadOnlyList<StoredAffinity> AddAffinities(
        IReadOnlyList<StoredAffinity> known, IReadOnlyList<StoredAffinity> anonymous, int maxEntries, CustomerProfileOptions options)
    {
        var model = new AffinityModel(maxEntries, Math.Max(1, options.AffinityHalfLife.TotalSeconds), options.MaxAffinityScore);
        foreach (var a in known.Concat(anonymous))
        {
            model.Add(a.Key, a.Score, a.AsOf.ToUnixTimeSeconds());
        }

        return model.ToStored();
    }

    private static (IReadOnlyList<ConsentRecord>, IReadOnlyList<ConsentPurpose>) MergeConsents(
        IReadOnlyList<ConsentRecord> known, IReadOnlyList<ConsentRecord> anonymous)
    {
        var merged = known.Where(c => c.Status != ConsentStatus.Unknown).ToList();
        var adopted = new List<ConsentPurpose>();
        foreach (var consent in anonymous.Where(c => c.Status != ConsentStatus.Unknown))
        {
            if (!merged.Exists(c => c.Purpose == consent.Purpose))
            {
                merged.Add(consent);
                adopted.Add(consent.Purpose);
            }
        }

        return (merged, adopted);
    }

    private static (Preferences, IReadOnlyList<string>) MergePreferences(Preferences known, Preferences anonymous)
    {
        var adopted = new List<string>();
        IReadOnlyList<string> List(string name, IReadOnlyList<string> k, IReadOnlyList<string> a)
        {
            if (k.Count > 0 || a.Count == 0)
            {
                return k;
            }

            adopted.Add(name);
            return a;
        }

        string? Value(string name, string? k, string? a)
        {
            if (!string.IsNullOrEmpty(k) || string.IsNullOrEmpty(a))
            {
                return k;
            }

            adopted.Add(name);
            return a;
        }

        var custom = new Dictionary<string, string>(known.Custom, StringComparer.Ordinal);
        foreach (var (key, value) in anonymous.Custom)
        {
            if (custom.Count < ProfileLimits.MaxCustomEntries && custom.TryAdd(key, value) && !adopted.Contains("custom"))
            {
                adopted.Add("custom");
            }
        }

        var merged = known with
        {
            FavouriteCategories = List("favouriteCategories", known.FavouriteCategories, anonymous.FavouriteCategories),
            ExcludedCategories = List("excludedCategories", known.ExcludedCategories, anonymous.ExcludedCategories),
            FavouriteBrands = List("favouriteBrands", known.FavouriteBrands, anonymous.FavouriteBrands),
            ExcludedBrands = List("excludedBrands", known.ExcludedBrands, anonymous.ExcludedBrands),
            Language = Value("language", known.Language, anonymous.Language),
            Currency = Value("currency", known.Currency, anonymous.Currency),
            AcceptedChannels = List("acceptedChannels", known.AcceptedChannels, anonymous.AcceptedChannels),
            ContentFilters = List("contentFilters", known.ContentFilters, anonymous.ContentFilters),
            Layout = Value("layout", known.Layout, anonymous.Layout),
            Custom = custom,
            UpdatedAt = Max(known.UpdatedAt, anonymous.UpdatedAt),
        };

        // An adopted favourite must not contradict a known exclusion (or vice versa): the known choice wins.
        merged = merged with
        {
            FavouriteCategories = [.. merged.FavouriteCategories.Except(known.ExcludedCategories, StringComparer.Ordinal)],
            ExcludedCategories = [.. merged.ExcludedCategories.Except(known.FavouriteCategories, StringComparer.Ordinal)],
            FavouriteBrands = [.. merged.FavouriteBrands.Except(known.ExcludedBrands, StringComparer.Ordinal)],
            ExcludedBrands = [.. merged.ExcludedBrands.Except(known.FavouriteBrands, StringComparer.Ordinal)],
        };

        // Custom entries adopted within the count limit may still exceed the total size limit: then keep the known ones only.
        if (PreferenceRules.Check(merged) is { Field: "custom" })
        {
            merged = merged with { Custom = known.Custom };
            adopted.Remove("custom");
        }

        return (merged, adopted);
    }

    private static bool IsGranted(IReadOnlyList<ConsentRecord> consents, ConsentPurpose purpose) =>
        consents.Any(c => c.Purpose == purpose && c.Status == ConsentStatus.Granted);

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
