using Microsoft.Extensions.Options;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>What an experiment grain persists.</summary>
public sealed class ExperimentState
{
    public Dictionary<string, VariantCounters> Variants { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Counters of one variant. Converted customer ids are kept so a customer converts at most once;
/// exposures are de-duplicated by the caller (the customer grain remembers it was exposed).</summary>
public sealed class VariantCounters
{
    public long Exposures { get; set; }

    public decimal Revenue { get; set; }

    public HashSet<string> Converted { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Exposures and conversions of one experiment; the variant list comes from the decision config.</summary>
[GrainType("experiment")]
public sealed class ExperimentGrain([PersistentState("results")] IPersistentState<ExperimentState> state, IOptions<DecisionOptions> options)
    : Grain, IExperimentGrain
{
    public async Task RecordExposureAsync(ExperimentExposure exposure)
    {
        Counters(exposure.Variant).Exposures++;
        await state.WriteStateAsync();
    }

    public async Task<bool> RecordConversionAsync(ExperimentConversion conversion)
    {
        if (state.State.Variants.Values.Any(v => v.Converted.Contains(conversion.CustomerId)))
        {
            return false;
        }

        var counters = Counters(conversion.Variant);
        counters.Converted.Add(conversion.CustomerId);
        counters.Revenue += conversion.Value ?? 0;
        await state.WriteStateAsync();
        return true;
    }

    public async Task<ExperimentResults> GetResultsAsync()
    {
        var config = await GrainFactory.GetGrain<IDecisionConfigGrain>(options.Value.Key).GetConfigAsync();
        var defined = config.Experiments.FirstOrDefault(e => e.Id == this.GetPrimaryKeyString())?.Variants.Select(v => v.Key).ToList() ?? [];
        var keys = defined.Concat(state.State.Variants.Keys.Where(k => !defined.Contains(k)).Order(StringComparer.Ordinal)).ToList();
        var rows = keys.Select(key => state.State.Variants.TryGetValue(key, out var c)
            ? (key, c.Exposures, (long)c.Converted.Count, c.Revenue)
            : (key, 0L, 0L, 0m)).ToList();
        return ExperimentStatistics.Compute(this.GetPrimaryKeyString(), rows);
    }

    private VariantCounters Counters(string variant)
    {
        if (!state.State.Variants.TryGetValue(variant, out var counters))
        {
            counters = new VariantCounters();
            state.State.Variants[variant] = counters;
        }

        return counters;
    }
}
