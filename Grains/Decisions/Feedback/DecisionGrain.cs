using Microsoft.Extensions.Options;
using PersoActors.Grains.Interfaces.Decisions;
using PersoActors.Runtime;

namespace PersoActors.Grains.Decisions;

/// <summary>What a decision grain persists: which feedback was already counted.</summary>
public sealed class DecisionFeedbackState
{
    public int Impressions { get; set; }

    public bool DecisionClicked { get; set; }

    public List<string> ClickedItemIds { get; set; } = [];

    public bool Converted { get; set; }

    public decimal ConversionValue { get; set; }
}

/// <summary>Feedback on one decision (key = the signed decision id). Impressions and conversions count once,
/// clicks once per item; a conversion within the attribution window credits each experiment variant encoded in
/// the id (each customer converts at most once per experiment).</summary>
public sealed class DecisionGrain([PersistentState("feedback")] IPersistentState<DecisionFeedbackState> state, IOptions<DecisionOptions> options, TimeProvider time)
    : Grain, IDecisionGrain
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    private DecodedDecision? decision;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        new DecisionIdCodec(options.Value.DecisionIdKey).TryParse(GetPrimaryKeyString(), out var decoded);
        decision = decoded;
        return Task.CompletedTask;
    }

    public async Task<DecisionFeedbackResult> RecordFeedbackAsync(DecisionFeedback feedback)
    {
        var d = Decision();
        if (feedback is null || !Enum.IsDefined(feedback.Type))
        {
            throw new DecisionValidationException([new FieldError("type", "Must be impression, click or conversion.")]);
        }

        if (feedback.Value is < 0)
        {
            throw new DecisionValidationException([new FieldError("value", "Must be zero or more.")]);
        }

        var at = feedback.At ?? time.GetUtcNow();
        if (at < d.IssuedAt - ClockSkew || at > d.IssuedAt + options.Value.AttributionWindow)
        {
            return Result(d, accepted: false, duplicate: false, [], "outside_attribution_window");
        }

        var s = state.State;
        switch (feedback.Type)
        {
            case FeedbackType.Impression:
                if (s.Impressions > 0)
                {
                    return Result(d, false, true, [], null);
                }

                s.Impressions = 1;
                break;
            case FeedbackType.Click:
                if (feedback.ItemId is { } itemId ? s.ClickedItemIds.Contains(itemId) : s.DecisionClicked)
                {
                    return Result(d, false, true, [], null);
                }

                if (feedback.ItemId is { } clicked)
                {
                    s.ClickedItemIds.Add(clicked);
                }
                else
                {
                    s.DecisionClicked = true;
                }

                break;
            default:
                if (s.Converted)
                {
                    return Result(d, false, true, [], null);
                }

                s.Converted = true;
                s.ConversionValue = feedback.Value ?? 0;
                break;
        }

        await state.WriteStateAsync();
        if (feedback.Type != FeedbackType.Conversion)
        {
            return Result(d, true, false, [], null);
        }

        var credited = new List<ExperimentAssignment>();
        foreach (var experiment in d.Experiments)
        {
            var counted = await GrainFactory.GetGrain<IExperimentGrain>(experiment.ExperimentId).RecordConversionAsync(
                new ExperimentConversion(experiment.Variant, d.CustomerId, GetPrimaryKeyString(), at, feedback.Value));
            if (counted)
            {
                credited.Add(experiment);
            }
        }

        return Result(d, true, false, credited, null);
    }

    public Task<DecisionFeedbackSummary> GetSummaryAsync()
    {
        var d = Decision();
        var s = state.State;
        return Task.FromResult(new DecisionFeedbackSummary(GetPrimaryKeyString(), d.CustomerId, d.IssuedAt, d.Experiments,
            s.Impressions, [.. s.ClickedItemIds], s.Converted, s.ConversionValue));
    }

    private DecodedDecision Decision()
    {
        if (decision is null)
        {
            DeactivateOnIdle();
            throw new DecisionValidationException([new FieldError("decisionId", "Not a decision id issued by this cluster (malformed or bad signature).")]);
        }

        return decision;
    }

    private DecisionFeedbackResult Result(DecodedDecision d, bool accepted, bool duplicate, IReadOnlyList<ExperimentAssignment> credited, string? reason) =>
        new(GetPrimaryKeyString(), d.CustomerId, accepted, duplicate, credited, reason);
}
