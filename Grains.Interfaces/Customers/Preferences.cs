namespace PersoActors.Grains.Interfaces.Customers;

/// <summary>Explicit choices the customer made (customization). They always win over anything inferred.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable]
public sealed record Preferences
{
    public static Preferences Empty { get; } = new();

    public IReadOnlyList<string> FavouriteCategories { get; init; } = [];

    public IReadOnlyList<string> ExcludedCategories { get; init; } = [];

    public IReadOnlyList<string> FavouriteBrands { get; init; } = [];

    public IReadOnlyList<string> ExcludedBrands { get; init; } = [];

    /// <summary>BCP 47 language tag, e.g. <c>pl-PL</c>.</summary>
    public string? Language { get; init; }

    /// <summary>ISO 4217 code, e.g. <c>PLN</c>.</summary>
    public string? Currency { get; init; }

    /// <summary>Channels the customer accepts offers on: email, sms, push, in_app, web.</summary>
    public IReadOnlyList<string> AcceptedChannels { get; init; } = [];

    /// <summary>Content the customer wants only (e.g. <c>vegan</c>, <c>gluten_free</c>).</summary>
    public IReadOnlyList<string> ContentFilters { get; init; } = [];

    /// <summary>Layout/display setting (e.g. <c>grid</c>, <c>list</c>, <c>dark</c>).</summary>
    public string? Layout { get; init; }

    /// <summary>Free-form settings, size-limited (see <see cref="ProfileLimits"/>).</summary>
    public IReadOnlyDictionary<string, string> Custom { get; init; } = new Dictionary<string, string>();

    /// <summary>When they were last changed.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>A partial change of preferences: a null property is left as it is; an empty list or
/// empty string clears it; in <see cref="Custom"/>, a null value removes that key.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable]
public sealed record PreferencesPatch
{
    public IReadOnlyList<string>? FavouriteCategories { get; init; }

    public IReadOnlyList<string>? ExcludedCategories { get; init; }

    public IReadOnlyList<string>? FavouriteBrands { get; init; }

    public IReadOnlyList<string>? ExcludedBrands { get; init; }

    public string? Language { get; init; }

    public string? Currency { get; init; }

    public IReadOnlyList<string>? AcceptedChannels { get; init; }

    public IReadOnlyList<string>? ContentFilters { get; init; }

    public string? Layout { get; init; }

    public IReadOnlyDictionary<string, string?>? Custom { get; init; }
}
