using System.Text.RegularExpressions;
using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Grains.Customers;

/// <summary>The rules a set of preferences must satisfy, and how a patch applies. Field names are
/// the API's (camelCase).</summary>
public static partial class PreferenceRules
{
    /// <summary>The first broken rule as (field, message), or null when the preferences are valid.</summary>
    public static (string Field, string Message)? Check(Preferences p)
    {
        return CheckList("favouriteCategories", p.FavouriteCategories)
            ?? CheckList("excludedCategories", p.ExcludedCategories)
            ?? CheckList("favouriteBrands", p.FavouriteBrands)
            ?? CheckList("excludedBrands", p.ExcludedBrands)
            ?? CheckList("contentFilters", p.ContentFilters)
            ?? CheckList("acceptedChannels", p.AcceptedChannels)
            ?? CheckChannels(p.AcceptedChannels)
            ?? CheckOverlap("excludedCategories", p.FavouriteCategories, p.ExcludedCategories)
            ?? CheckOverlap("excludedBrands", p.FavouriteBrands, p.ExcludedBrands)
            ?? (p.Language is { Length: > 0 } language && !IsLanguageTag(language) ? ("language", $"'{language}' is not a BCP 47 language tag such as 'pl' or 'pl-PL'.") : Valid)
            ?? (p.Currency is { Length: > 0 } currency && !CurrencyPattern().IsMatch(currency) ? ("currency", $"'{currency}' is not an ISO 4217 code such as 'PLN'.") : Valid)
            ?? (p.Layout is { Length: > ProfileLimits.MaxNameLength } ? ("layout", $"must be at most {ProfileLimits.MaxNameLength} characters.") : Valid)
            ?? CheckCustom(p.Custom);
    }

    private static readonly (string, string)? Valid = null;

    public static bool IsLanguageTag(string value) => LanguagePattern().IsMatch(value);

    /// <summary>Applies a patch: null leaves a field, empty clears it, a null custom value removes the key.</summary>
    public static (Preferences Result, IReadOnlyList<string> Changed) Apply(Preferences current, PreferencesPatch patch)
    {
        var changed = new List<string>();
        T Pick<T>(string name, T? patched, T existing) where T : class
        {
            if (patched is null)
            {
                return existing;
            }

            changed.Add(name);
            return patched;
        }

        var custom = current.Custom;
        if (patch.Custom is not null)
        {
            var merged = new Dictionary<string, string>(current.Custom, StringComparer.Ordinal);
            foreach (var (key, value) in patch.Custom)
            {
                if (value is null)
                {
                    merged.Remove(key);
                }
                else
                {
                    merged[key] = value;
                }
            }

            custom = merged;
            changed.Add("custom");
        }

        var result = current with
        {
            FavouriteCategories = Pick("favouriteCategories", patch.FavouriteCategories, current.FavouriteCategories),
            ExcludedCategories = Pick("excludedCategories", patch.ExcludedCategories, current.ExcludedCategories),
            FavouriteBrands = Pick("favouriteBrands", patch.FavouriteBrands, current.FavouriteBrands),
            ExcludedBrands = Pick("excludedBrands", patch.ExcludedBrands, current.ExcludedBrands),
            Language = EmptyToNull(Pick("language", patch.Language, current.Language ?? "")),
            Currency = EmptyToNull(Pick("currency", patch.Currency, current.Currency ?? "")),
            AcceptedChannels = Pick("acceptedChannels", patch.AcceptedChannels, current.AcceptedChannels),
            ContentFilters = Pick("contentFilters", patch.ContentFilters, current.ContentFilters),
            Layout = EmptyToNull(Pick("layout", patch.Layout, current.Layout ?? "")),
            Custom = custom,
        };
        return (result, changed);
    }

    /// <summary>Drops duplicates and empty strings and interns the values shared by many customers.</summary>
    public static Preferences Normalize(Preferences p) => p with
    {
        FavouriteCategories = Clean(p.FavouriteCategories),
        ExcludedCategories = Clean(p.ExcludedCategories),
        FavouriteBrands = Clean(p.FavouriteBrands),
        ExcludedBrands = Clean(p.ExcludedBrands),
        AcceptedChannels = Clean(p.AcceptedChannels),
        ContentFilters = Clean(p.ContentFilters),
        Language = StringPool.Shared.Intern(EmptyToNull(p.Language)),
        Currency = StringPool.Shared.Intern(EmptyToNull(p.Currency)),
        Layout = StringPool.Shared.Intern(EmptyToNull(p.Layout)),
    };

    private static string[] Clean(IReadOnlyList<string> values) =>
        values.Count == 0 ? [] : values.Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).Select(v => StringPool.Shared.Intern(v)).ToArray();

    private static string? EmptyToNull(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static (string, string)? CheckList(string field, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return null;
        }

        if (values.Count > ProfileLimits.MaxListEntries)
        {
            return (field, $"must have at most {ProfileLimits.MaxListEntries} entries.");
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(values[i]) || values[i].Length > ProfileLimits.MaxNameLength)
            {
                return ($"{field}[{i}]", $"must be a non-empty string of at most {ProfileLimits.MaxNameLength} characters.");
            }
        }

        return null;
    }

    private static (string, string)? CheckChannels(IReadOnlyList<string> channels)
    {
        for (var i = 0; i < channels.Count; i++)
        {
            if (!ProfileLimits.Channels.Contains(channels[i]))
            {
                return ($"acceptedChannels[{i}]", $"unknown channel '{channels[i]}'; expected one of: {string.Join(", ", ProfileLimits.Channels)}.");
            }
        }

        return null;
    }

    private static (string, string)? CheckOverlap(string field, IReadOnlyList<string> favourites, IReadOnlyList<string> excluded)
    {
        var both = excluded.FirstOrDefault(e => favourites.Contains(e, StringComparer.Ordinal));
        return both is null ? null : (field, $"'{both}' cannot be both a favourite and excluded.");
    }

    private static (string, string)? CheckCustom(IReadOnlyDictionary<string, string> custom)
    {
        if (custom.Count > ProfileLimits.MaxCustomEntries)
        {
            return ("custom", $"must have at most {ProfileLimits.MaxCustomEntries} keys.");
        }

        var total = 0;
        foreach (var (key, value) in custom)
        {
            if (key.Length is 0 or > ProfileLimits.MaxCustomKeyLength)
            {
                return ("custom", $"keys must be 1-{ProfileLimits.MaxCustomKeyLength} characters.");
            }

            // JSON null reaches a PUT body as a null value: only a PATCH may use null (to remove the key).
            if (value is null)
            {
                return ($"custom.{key}", "must be a string (to remove a key, PATCH it to null).");
            }

            if (value.Length > ProfileLimits.MaxCustomValueLength)
            {
                return ($"custom.{key}", $"must be at most {ProfileLimits.MaxCustomValueLength} characters.");
            }

            total += key.Length + value.Length;
        }

        return total > ProfileLimits.MaxCustomTotalChars
            ? ("custom", $"keys and values must total at most {ProfileLimits.MaxCustomTotalChars} characters.")
            : null;
    }

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$")]
    private static partial Regex LanguagePattern();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();
}
