using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>The facts rules read, derived once per decision from the profile, the request context and the time.</summary>
public sealed class FactSet
{
    private readonly double maxCategoryAffinity;
    private readonly double maxBrandAffinity;

    public FactSet(DecisionProfile profile, DecisionContext? context, string? slot, DateTimeOffset now, IReadOnlySet<string>? segments = null)
    {
        Profile = profile;
        Context = context ?? new DecisionContext();
        Slot = slot;
        Now = now;
        Segments = segments ?? new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var facts = profile.Facts ?? new CustomerFacts();
        Facts = facts;
        CartItemIds = Context.CartItemIds ?? facts.CartItemIds ?? [];
        maxCategoryAffinity = Max(profile.CategoryAffinities);
        maxBrandAffinity = Max(profile.BrandAffinities);
        TopCategory = Top(profile.CategoryAffinities);
    }

    private FactSet(FactSet facts, IReadOnlySet<string> segments)
    {
        Profile = facts.Profile;
        Context = facts.Context;
        Slot = facts.Slot;
        Now = facts.Now;
        Segments = segments;
        Facts = facts.Facts;
        CartItemIds = facts.CartItemIds;
        maxCategoryAffinity = facts.maxCategoryAffinity;
        maxBrandAffinity = facts.maxBrandAffinity;
        TopCategory = facts.TopCategory;
    }

    public DecisionProfile Profile { get; }

    public DecisionContext Context { get; }

    public CustomerFacts Facts { get; }

    public string? Slot { get; }

    public DateTimeOffset Now { get; }

    public IReadOnlySet<string> Segments { get; }

    public IReadOnlyList<string> CartItemIds { get; }

    public string? TopCategory { get; }

    public double? CartIdleMinutes => CartItemIds.Count > 0 && Facts.CartUpdatedAt is { } updated ? (Now - updated).TotalMinutes : null;

    public double? RecencyDays => Facts.LastOrderAt is { } last ? (Now - last).TotalDays : null;

    public double? CustomerAgeDays => Facts.FirstSeen is { } first ? (Now - first).TotalDays : null;

    public double? IdleDays => Facts.LastSeen is { } last ? (Now - last).TotalDays : null;

    /// <summary>Category affinity as a share of the strongest one (0..1); null when the customer has none.</summary>
    public double? CategoryAffinity(string category) =>
        maxCategoryAffinity > 0 ? Lookup(Profile.CategoryAffinities, category) / maxCategoryAffinity : null;

    public double? BrandAffinity(string brand) =>
        maxBrandAffinity > 0 ? Lookup(Profile.BrandAffinities, brand) / maxBrandAffinity : null;

    /// <summary>The same facts with a segment set (segments are computed from the other facts first).</summary>
    public FactSet WithSegments(IReadOnlySet<string> segments) => new(this, segments);

    /// <summary>The largest value, as <c>Enumerable.Max</c> computes it (NaN only when every value is NaN); 0 when empty.</summary>
    internal static double Max(IReadOnlyDictionary<string, double>? scores)
    {
        if (scores is not { Count: > 0 })
        {
            return 0;
        }

        var max = double.NaN;
        foreach (var (_, value) in AffinityScores.AsDictionary(scores))
        {
            if (double.IsNaN(max) || value > max)
            {
                max = value;
            }
        }

        return max;
    }

    /// <summary>The strongest positive category (ties: ordinal name order).</summary>
    private static string? Top(IReadOnlyDictionary<string, double>? scores)
    {
        if (scores is not { Count: > 0 })
        {
            return null;
        }

        string? top = null;
        var best = 0.0;
        foreach (var (name, value) in AffinityScores.AsDictionary(scores))
        {
            if (value > 0 && (top is null || value > best || (value == best && string.CompareOrdinal(name, top) < 0)))
            {
                (top, best) = (name, value);
            }
        }

        return top;
    }

    private static double Lookup(IReadOnlyDictionary<string, double>? scores, string key)
    {
        if (scores is null)
        {
            return 0;
        }

        if (scores.TryGetValue(key, out var exact))
        {
            return exact;
        }

        foreach (var (name, value) in AffinityScores.AsDictionary(scores))
        {
            if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return 0;
    }
}
