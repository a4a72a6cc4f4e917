namespace PersoActors.Grains.Interfaces.Decisions;

/// <summary>Exposure and conversion counters of one experiment (key = experiment id), persisted.
/// The definition lives in <see cref="IDecisionConfigGrain"/>.</summary>
public interface IExperimentGrain : IGrainWithStringKey
{
    /// <summary>Counts an exposed customer for a variant.</summary>
    Task RecordExposureAsync(ExperimentExposure exposure);

    /// <summary>Counts a converting customer for a variant; returns false when this customer already converted in this experiment.</summary>
    Task<bool> RecordConversionAsync(ExperimentConversion conversion);

    /// <summary>Exposures, conversions, rate, uplift and significance per variant.</summary>
    [SafeToRetry]
    Task<ExperimentResults> GetResultsAsync();
}
