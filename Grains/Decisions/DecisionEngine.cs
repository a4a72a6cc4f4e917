using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>An experiment exposure the caller must send to <see cref="IExperimentGrain"/> (key = <see cref="ExperimentId"/>).</summary>
public sealed record PendingExposure(string ExperimentId, ExperimentExposure Exposure);

/// <summary>A decision, the customer's updated decision memory (persist it), and the first-time experiment
/// exposures to record.</summary>
public sealed record DecisionResult<T>(T Response, CustomerDecisionState State, IReadOnlyList<PendingExposure> Exposures);

/// <summary>The entry point customer grains call: recommendations, experience and offers for one customer,
/// computed in memory from the silo's current <see cref="DecisionSnapshot"/>. Pure apart from reading the clock
/// and the snapshot (both can be passed in). Customers without personalization consent are not enrolled in
/// experiments: they get the default experience.</summary>
public sealed class DecisionEngine(DecisionOptions options, TimeProvider time, DecisionSnapshotHolder? holder = null)
{
    private readonly Recommender recommender = new(options.Recommender);
    private readonly DecisionIdCodec codec = new(options.DecisionIdKey);

    public DecisionIdCodec DecisionIds => codec;

    public DecisionResult<RecommendationsResponse> Recommend(DecisionProfile profile, RecommendationsRequest request,
        CustomerDecisionState? state = null, DecisionSnapshot? snapshot = null, DateTimeOffset? now = null)
    {
        RequestValidator.ThrowIfInvalid(request);
        var (snap, at) = (Snapshot(snapshot), now ?? time.GetUtcNow());
        // Segments matter to a recommendation only through experiment targeting: without experiments they are not evaluated.
        var assignments = snap.Config.Experiments.Count == 0
            ? []
            : Assign("recommendations", profile, WithSegments(new FactSet(profile, request.Context, request.Slot, at), snap), state, snap);
        var outcome = recommender.Recommend(profile, request, snap, at, Parameters(assignments));
        var decisionId = codec.Create(profile.CustomerId, at, assignments);
        var response = new RecommendationsResponse(decisionId, outcome.Personalized, outcome.FallbackReason, request.Slot, outcome.Items, assignments, snap.Catalog.Version);
        return Finish(response, decisionId, profile, state, assignments, at, caps: null);
    }

    public DecisionResult<ExperienceResponse> Experience(DecisionProfile profile, ExperienceRequest request,
        CustomerDecisionState? state = null, DecisionSnapshot? snapshot = null, DateTimeOffset? now = null)
    {
        RequestValidator.ThrowIfInvalid(request);
        var (snap, at) = (Snapshot(snapshot), now ?? time.GetUtcNow());
        var facts = WithSegments(new FactSet(profile, request.Context, request.Page, at), snap);
        var assignments = Assign("experience", profile, facts, state, snap);
        var parameters = Parameters(assignments);
        var slot = request.CurrentItemId is null ? request.Page : "product_page";
        var recommendations = recommender.Recommend(profile, new RecommendationsRequest(slot, 8, request.CurrentItemId, request.Context), snap, at, parameters);
        var blocks = ExperienceBuilder.Blocks(profile, request, snap, facts, recommendations);
        var offers = request.MaxOffers > 0
            ? OfferEngine.Decide(snap.Config.Offers, facts, request.Context?.Channel ?? "web", request.MaxOffers, state?.OfferCaps)
            : null;
        var decisionId = codec.Create(profile.CustomerId, at, assignments);
        var response = new ExperienceResponse(decisionId, recommendations.Personalized, recommendations.FallbackReason,
            ExperienceBuilder.Customization(profile, request.Context, options, parameters), blocks, offers?.Offers ?? [],
            [.. facts.Segments.Order(StringComparer.Ordinal)], assignments);
        return Finish(response, decisionId, profile, state, assignments, at, offers?.Caps);
    }

    public DecisionResult<OffersResponse> Offers(DecisionProfile profile, OffersRequest request,
        CustomerDecisionState? state = null, DecisionSnapshot? snapshot = null, DateTimeOffset? now = null)
    {
        RequestValidator.ThrowIfInvalid(request);
        var (snap, at) = (Snapshot(snapshot), now ?? time.GetUtcNow());
        var facts = WithSegments(new FactSet(profile, request.Context, "offers", at), snap);
        var assignments = Assign("offers", profile, facts, state, snap);
        var outcome = OfferEngine.Decide(snap.Config.Offers, facts, request.Context?.Channel ?? "web", request.Max, state?.OfferCaps);
        var decisionId = codec.Create(profile.CustomerId, at, assignments);
        var response = new OffersResponse(decisionId, outcome.Offers, [.. facts.Segments.Order(StringComparer.Ordinal)], assignments,
            request.Explain ? outcome.Skipped : null);
        return Finish(response, decisionId, profile, state, assignments, at, outcome.Caps);
    }

    /// <summary>The customer's segments now (for the profile view).</summary>
    public IReadOnlyList<string> Segments(DecisionProfile profile, DecisionContext? context = null, DecisionSnapshot? snapshot = null, DateTimeOffset? now = null)
    {
        var facts = WithSegments(new FactSet(profile, context, null, now ?? time.GetUtcNow()), Snapshot(snapshot));
        return [.. facts.Segments.Order(StringComparer.Ordinal)];
    }

    private DecisionSnapshot Snapshot(DecisionSnapshot? snapshot) => snapshot ?? holder?.Current ?? DecisionSnapshot.Empty;

    private static FactSet WithSegments(FactSet facts, DecisionSnapshot snapshot) => facts.WithSegments(snapshot.Config.Segments.Evaluate(facts));

    private static List<ExperimentAssignment> Assign(string surface, DecisionProfile profile, FactSet facts, CustomerDecisionState? state, DecisionSnapshot snapshot)
    {
        var assignments = new List<ExperimentAssignment>();
        if (!profile.PersonalizationConsent)
        {
            return assignments;
        }

        foreach (var experiment in snapshot.Config.Experiments)
        {
            var remembered = state?.Experiments?.GetValueOrDefault(experiment.Id);
            if (ExperimentAssigner.Assign(experiment, profile.CustomerId, surface, facts.Segments, remembered) is { } assignment)
            {
                assignments.Add(assignment);
            }
        }

        return assignments;
    }

    private static IReadOnlyDictionary<string, string>? Parameters(List<ExperimentAssignment> assignments)
    {
        if (assignments.Count == 0)
        {
            return null;
        }

        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var assignment in assignments)
        {
            if (assignment.Parameters is null)
            {
                continue;
            }

            foreach (var (key, value) in assignment.Parameters)
            {
                merged.TryAdd(key, value);
            }
        }

        return merged;
    }

    private static DecisionResult<T> Finish<T>(T response, string decisionId, DecisionProfile profile, CustomerDecisionState? state,
        List<ExperimentAssignment> assignments, DateTimeOffset at, OfferCapState? caps)
    {
        var previous = state ?? CustomerDecisionState.Empty;
        var exposures = new List<PendingExposure>();
        Dictionary<string, string>? exposed = null;
        foreach (var assignment in assignments)
        {
            if (previous.Experiments?.GetValueOrDefault(assignment.ExperimentId) == assignment.Variant)
            {
                continue;
            }

            exposed ??= new Dictionary<string, string>(previous.Experiments ?? new Dictionary<string, string>(), StringComparer.Ordinal);
            exposed[assignment.ExperimentId] = assignment.Variant;
            exposures.Add(new PendingExposure(assignment.ExperimentId, new ExperimentExposure(assignment.Variant, profile.CustomerId, decisionId, at)));
        }

        var updated = exposed is null && caps is null
            ? previous
            : new CustomerDecisionState(caps ?? previous.OfferCaps, exposed ?? previous.Experiments);
        return new DecisionResult<T>(response, updated, exposures);
    }
}
