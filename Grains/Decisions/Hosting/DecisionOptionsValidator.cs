using Microsoft.Extensions.Options;
using PersoActors.Grains.Hosting;

namespace PersoActors.Grains.Decisions;

/// <summary>Refuses <see cref="DecisionOptions"/> the engine cannot run with (a negative decision view lifetime failed
/// every recommendation with a 500; a zero half-life divides by zero).</summary>
internal sealed class DecisionOptionsValidator : IValidateOptions<DecisionOptions>
{
    // A grain timer drops the view (timers take at most ~49 days); a view older than a day no longer shows the
    // customer's present anyway.
    private static readonly TimeSpan LongestViewLifetime = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, DecisionOptions options)
    {
        var check = new SettingsCheck("Decisions")
            .That(!string.IsNullOrWhiteSpace(options.Key), nameof(options.Key), "must not be empty")
            .Positive(options.RefreshInterval, nameof(options.RefreshInterval))
            .Positive(options.SignalsFlushInterval, nameof(options.SignalsFlushInterval))
            .NotNegative(options.SignalsPersistInterval, nameof(options.SignalsPersistInterval))
            .Positive(options.PopularityHalfLife, nameof(options.PopularityHalfLife))
            .AtLeast(options.AggregatorCapacity, 1, nameof(options.AggregatorCapacity))
            .AtLeast(options.MaxNeighbours, 1, nameof(options.MaxNeighbours))
            .That(!string.IsNullOrEmpty(options.DecisionIdKey), nameof(options.DecisionIdKey), "must not be empty (it signs decision ids)")
            .That(options.DecisionViewLifetime >= TimeSpan.Zero && options.DecisionViewLifetime <= LongestViewLifetime,
                nameof(options.DecisionViewLifetime), $"must be between 0 and {LongestViewLifetime} (was {options.DecisionViewLifetime})")
            .Positive(options.AttributionWindow, nameof(options.AttributionWindow));
        var recommender = options.Recommender;
        check.AtLeast(recommender.MaxPerCategory, 1, "Recommender:MaxPerCategory")
            .AtLeast(recommender.MinSignals, 0, "Recommender:MinSignals")
            .NotNegative(recommender.AffinityWeight, "Recommender:AffinityWeight")
            .NotNegative(recommender.BrandWeight, "Recommender:BrandWeight")
            .NotNegative(recommender.PopularityWeight, "Recommender:PopularityWeight")
            .NotNegative(recommender.NeighbourWeight, "Recommender:NeighbourWeight")
            .NotNegative(recommender.FavouriteCategoryBoost, "Recommender:FavouriteCategoryBoost")
            .NotNegative(recommender.FavouriteBrandBoost, "Recommender:FavouriteBrandBoost");
        for (var i = 0; i < recommender.ContextBoosts.Count; i++)
        {
            var boost = recommender.ContextBoosts[i];
            check.That(!string.IsNullOrWhiteSpace(boost.Tag), $"Recommender:ContextBoosts:{i}:Tag", "must not be empty")
                .Positive(boost.Multiplier, $"Recommender:ContextBoosts:{i}:Multiplier")
                .That(boost.FromHour is null or (>= 0 and <= 23), $"Recommender:ContextBoosts:{i}:FromHour", "must be an hour, 0-23")
                .That(boost.ToHour is null or (>= 0 and <= 23), $"Recommender:ContextBoosts:{i}:ToHour", "must be an hour, 0-23");
        }

        return check.Result;
    }
}
