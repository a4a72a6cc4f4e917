using PersoActors.Grains.Decisions;
using PersoActors.Grains.Diagnostics;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Customers;

/// <summary>Decisions for this customer: the profile is turned into a <see cref="DecisionProfile"/> and handed to
/// the silo's <see cref="DecisionEngine"/>; the decision memory (offer caps, experiment exposures) is persisted with
/// the profile; stored item events feed the silo's <see cref="ItemSignalAggregator"/>; purchases are attributed to
/// the decisions that led to them (CustomerGrain.Feedback.cs). Memory derived from behaviour (recent decisions,
/// feedback, converted experiments) is kept only with analytics consent and forgotten on every consent purge.</summary>
public sealed partial class CustomerGrain
{
    /// <summary>Decisions remembered for purchase attribution (in memory and with the next profile write).</summary>
    internal const int MaxServedDecisions = 5;

    private const int MaxCoItems = 20;

    private static readonly EventType[] SignalEventTypes = [EventType.View, EventType.Click, EventType.AddToCart, EventType.Purchase];

    private CustomerDecisionState decisionState = CustomerDecisionState.Empty;
    private ServedDecisionLog? servedDecisions;
    private DecisionProfile? cachedDecisionProfile;
    private DateTimeOffset cachedDecisionProfileAt;
    private IGrainTimer? decisionProfileExpiry;

    // Affinities decay by the same half-life, so shares do not move within this window; cart idle time is
    // computed from CartUpdatedAt at decision time. A profile change drops the cached view at once.
    private TimeSpan DecisionProfileLifetime => decisionOptions?.Value.DecisionViewLifetime ?? TimeSpan.FromSeconds(30);

    public async ValueTask<RecommendationsResponse> RecommendAsync(RecommendationsRequest request)
    {
        await RefuseChangesDuringHandOverAsync();
        var result = Engine().Recommend(DecisionProfileNow(), WithProfileContext(request), decisionState);
        Served(result.Response.DecisionId, result.Response.Items);
        CustomerMetrics.Decided("recommendations", result.Response.FallbackReason);
        return await ApplyAsync(result);
    }

    public async Task<ExperienceResponse> GetExperienceAsync(ExperienceRequest request)
    {
        await RefuseChangesDuringHandOverAsync();
        var result = Engine().Experience(DecisionProfileNow(), request with { Context = MergeContext(request.Context) }, decisionState);
        Served(result.Response.DecisionId, result.Response.Blocks.SelectMany(b => b.Items ?? []));
        CustomerMetrics.Decided("experience", result.Response.FallbackReason);
        return await ApplyAsync(result);
    }

    public async Task<OffersResponse> GetOffersAsync(OffersRequest request)
    {
        await RefuseChangesDuringHandOverAsync();
        var result = Engine().Offers(DecisionProfileNow(), request with { Context = MergeContext(request.Context) }, decisionState);
        CustomerMetrics.Decided("offers", null);
        return await ApplyAsync(result);
    }

    private DecisionEngine Engine() =>
        decisions ?? throw new InvalidOperationException("The decision engine is not registered in this silo (call AddPersoActorsDecisions).");

    private async ValueTask<T> ApplyAsync<T>(DecisionResult<T> result)
    {
        if (!ReferenceEquals(result.State, decisionState))
        {
            // Caps and sticky variants are durable before the answer; an exposure is sent only after its variant is
            // remembered, so a customer is never counted twice (at worst not at all, if the send fails).
            decisionState = result.State;
            await SaveAsync(StateWriteMode.Normal);
        }

        if (result.Exposures.Count > 0)
        {
            // Experiment grains keep counters only: they are not told who was exposed, nor by which decision.
            await Task.WhenAll(result.Exposures.Select(e => GrainFactory.GetGrain<IExperimentGrain>(e.ExperimentId)
                .RecordExposureAsync(e.Exposure with { CustomerId = "", DecisionId = "" })));
        }

        return result.Response;
    }

    private void Served(string decisionId, IEnumerable<RecommendedItem> items)
    {
        // Remembered only to attribute purchases, which are behaviour: without analytics consent there are none.
        if (!profile.HasConsent(ConsentPurpose.Analytics))
        {
            return;
        }

        (servedDecisions ??= new ServedDecisionLog(MaxServedDecisions)).Add(decisionId, Now, items.Select(item => item.ItemId));
    }

    /// <summary>A withdrawn consent purges what the decisions learned from behaviour. Offer caps stay (forgetting them
    /// would show the customer more offers than allowed) and so do experiment variants (assigned from a hash of the
    /// customer id, not from behaviour; kept so a customer is neither re-assigned nor counted twice).</summary>
    private void ForgetDecisionBehaviour()
    {
        servedDecisions?.Clear();
        feedback.Clear();
    }

    private void RestoreDecisions(CustomerState stored)
    {
        decisionState = stored.Decisions ?? CustomerDecisionState.Empty;
        RestoreServedDecisions(stored.RecentDecisions);
        feedback = DecisionFeedbackLedger.Restore(stored.Feedback, stored.ConvertedExperiments);
    }

    private void RestoreServedDecisions(IReadOnlyList<ServedDecision>? stored)
    {
        servedDecisions = null;
        if (stored is { Count: > 0 })
        {
            servedDecisions = new ServedDecisionLog(MaxServedDecisions);
            servedDecisions.Restore(stored);
        }
    }

    private void StoreDecisions(CustomerState target)
    {
        target.Decisions = ReferenceEquals(decisionState, CustomerDecisionState.Empty) ? null : decisionState;
        if (!profile.HasConsent(ConsentPurpose.Analytics))
        {
            return;
        }

        target.RecentDecisions = servedDecisions is { Count: > 0 } ? servedDecisions.ToList() : null;
        target.Feedback = feedback.Entries.Count == 0 ? null : [.. feedback.Entries];
        target.ConvertedExperiments = feedback.ConvertedExperiments.Count == 0 ? null : [.. feedback.ConvertedExperiments];
    }

    /// <summary>Everything remembered about decisions, as exported and merged.</summary>
    private CustomerDecisionMemory DecisionMemory() => new()
    {
        OfferCaps = decisionState.OfferCaps,
        Experiments = decisionState.Experiments,
        ConvertedExperiments = [.. feedback.ConvertedExperiments],
        RecentDecisions = servedDecisions?.ToList() ?? [],
        Feedback = [.. feedback.Entries],
    };

    private void RestoreDecisionMemory(CustomerDecisionMemory memory)
    {
        decisionState = memory.OfferCaps is null && memory.Experiments is null
            ? CustomerDecisionState.Empty
            : new CustomerDecisionState(memory.OfferCaps, memory.Experiments);
        RestoreServedDecisions(memory.RecentDecisions);
        feedback = DecisionFeedbackLedger.Restore(memory.Feedback, memory.ConvertedExperiments);
    }

    private void ProfileChanged() => CacheDecisionProfile(null, default);

    private CustomerProfileView WithSegments(CustomerProfileView view) =>
        decisions is null ? view : view with { Segments = decisions.Segments(DecisionProfileNow(), MergeContext(null)) };

    /// <summary>Runs after a batch is durably stored: feeds item signals (never waits) and attributes purchases.</summary>
    private async Task AfterEventsStoredAsync(IReadOnlyList<BehaviourEvent> events)
    {
        List<(string DecisionId, BehaviourEvent Purchase)>? conversions = null;
        IReadOnlyList<string>? coItems = null;
        foreach (var e in events)
        {
            if (e.ItemId is not { } itemId || DecisionProfileBuilder.Kind(e.Type) is not { } kind)
            {
                if (e is { Type: EventType.Purchase, DecisionId: { } orphan })
                {
                    (conversions ??= []).Add((orphan, e));
                }

                continue;
            }

            if (itemSignals is not null)
            {
                coItems ??= profile.RecentItemIds(MaxCoItems + 1, SignalEventTypes);
                itemSignals.TryRecord(new ItemInteraction(itemId, kind, e.Timestamp, CoItems(coItems, itemId)));
            }

            if (e.Type == EventType.Purchase && AttributedDecision(e, itemId) is { } decisionId)
            {
                (conversions ??= []).Add((decisionId, e));
            }
        }

        if (conversions is not null)
        {
            await AttributeAsync(conversions);
        }
    }

    private string? AttributedDecision(BehaviourEvent purchase, string itemId)
    {
        if (purchase.DecisionId is { } carried)
        {
            return carried;
        }

        // The most recent decision that showed the item gets the credit.
        return servedDecisions?.LatestShowing(itemId);
    }

    private static IReadOnlyList<string>? CoItems(IReadOnlyList<string> recent, string itemId)
    {
        if (recent.Count == 0 || (recent.Count == 1 && recent[0] == itemId))
        {
            return null;
        }

        var result = new List<string>(Math.Min(recent.Count, MaxCoItems));
        foreach (var id in recent)
        {
            if (result.Count < MaxCoItems && !string.Equals(id, itemId, StringComparison.Ordinal))
            {
                result.Add(id);
            }
        }

        return result;
    }

    private RecommendationsRequest WithProfileContext(RecommendationsRequest request)
    {
        var context = MergeContext(request.Context);
        return ReferenceEquals(context, request.Context) ? request : request with { Context = context };
    }

    /// <summary>The request's context, with what it leaves out taken from the customer's latest context.</summary>
    private DecisionContext? MergeContext(DecisionContext? request)
    {
        if (profile.Context is not { } known)
        {
            return request;
        }

        if (request is null)
        {
            return known.Device is null && known.Channel is null && known.Language is null && known.Country is null
                ? null
                : new DecisionContext(known.Device, known.Channel, known.Language, known.Country);
        }

        if ((request.Device is not null || known.Device is null) && (request.Channel is not null || known.Channel is null)
            && (request.Language is not null || known.Language is null) && (request.Country is not null || known.Country is null))
        {
            return request;
        }

        return request with
        {
            Device = request.Device ?? known.Device,
            Channel = request.Channel ?? known.Channel,
            Language = request.Language ?? known.Language,
            Country = request.Country ?? known.Country,
        };
    }

    private DecisionProfile DecisionProfileNow()
    {
        var now = Now;
        if (cachedDecisionProfile is { } cached && now - cachedDecisionProfileAt < DecisionProfileLifetime && now >= cachedDecisionProfileAt)
        {
            return cached;
        }

        var built = DecisionProfileBuilder.Build(Id, profile, now);
        CacheDecisionProfile(built, now);
        // An expired view is never read again, but it would stay in memory until the next decision or until the
        // activation is collected (15 minutes idle by default): ~3 KB per customer, as much as the rest of the grain.
        // The timer does not keep the activation alive.
        decisionProfileExpiry ??= this.RegisterGrainTimer(DropExpiredDecisionProfile, new GrainTimerCreationOptions(DecisionProfileLifetime, Timeout.InfiniteTimeSpan));
        return built;
    }

    private Task DropExpiredDecisionProfile(CancellationToken cancellationToken)
    {
        var age = Now - cachedDecisionProfileAt;
        if (cachedDecisionProfile is not null && age >= TimeSpan.Zero && age < DecisionProfileLifetime)
        {
            // Rebuilt since the timer was armed: wait for this view's own expiry.
            decisionProfileExpiry!.Change(DecisionProfileLifetime - age, Timeout.InfiniteTimeSpan);
            return Task.CompletedTask;
        }

        CacheDecisionProfile(null, default);
        decisionProfileExpiry!.Dispose();
        decisionProfileExpiry = null;
        return Task.CompletedTask;
    }

    private void CacheDecisionProfile(DecisionProfile? view, DateTimeOffset at)
    {
        CustomerMetrics.DecisionViewsHeld((view is null ? 0 : 1) - (cachedDecisionProfile is null ? 0 : 1));
        cachedDecisionProfile = view;
        cachedDecisionProfileAt = at;
    }
}
