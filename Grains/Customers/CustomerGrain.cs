using Microsoft.Extensions.Options;
using PersoActors.Grains.Decisions;
using PersoActors.Grains.Diagnostics;
using PersoActors.Grains.Orchestration;
using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Grains.Customers;

/// <summary>The customer grain: a thin shell that runs <see cref="CustomerProfile"/> one call at a time
/// and writes it to the store before acknowledging any change (behaviour events may opt into relaxed durability:
/// acknowledged once queued for the store, see <see cref="EventDurability"/>). Event batches are appended to the state's journal
/// (<see cref="EventJournal"/>) and replayed on activation; every other change writes a snapshot, which drops the journal. Partial so that decisions can be
/// added next to it, reading <see cref="Profile"/> (CustomerGrain.Decisions.cs). The decision services are
/// optional so a silo without <c>AddPersoActorsDecisions</c> still hosts profiles.</summary>
[GrainType("customer")]
public sealed partial class CustomerGrain(
    [JournaledState("profile")] IJournaledState<CustomerState> state,
    IOptions<CustomerProfileOptions> options,
    TimeProvider time,
    DecisionEngine? decisions = null,
    ItemSignalAggregator? itemSignals = null,
    IOptions<DecisionOptions>? decisionOptions = null,
    OrchestrationServices? orchestration = null,
    IOptions<DurabilityOptions>? durabilityOptions = null) : Grain, ICustomerGrain
{
    /// <summary>Why a merged id's events were not stored (they are sent on to the profile it was merged into).</summary>
    public const string MergedIdDropReason = "merged_into_another_customer";

    private CustomerProfile profile = null!;

    /// <summary>Events in the store's journal after the last snapshot.</summary>
    private int journaledEvents;

    /// <summary>A write failed, so memory holds changes nobody was told are stored: they must not be written later.</summary>
    private bool aheadOfStore;

    /// <summary>The profile, for decisions computed inside this grain.</summary>
    internal IReadOnlyCustomerProfile Profile => profile;

    private string Id => this.GetPrimaryKeyString();

    private DateTimeOffset Now => time.GetUtcNow();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        profile = state.State.Profile is { } snapshot
            ? CustomerProfile.FromSnapshot(snapshot, options.Value)
            : new CustomerProfile(options.Value);
        RestoreDecisions(state.State);
        RestoreOrchestration(state.State);
        RestoreEventBatchReceipts(state.State.EventBatchReceipts);
        RestoreMerges(state.State);

        // The snapshot was only needed to build the compact model; do not keep both in memory. Nothing reads the state
        // between writes (SaveAsync sets a fresh one), and an empty one would cost every active customer 72 bytes.
        state.State = null!;
        foreach (var entry in state.TakeJournal())
        {
            var replayed = JournalReplay.Decode(entry, out var receipt);
            profile.Replay(replayed);
            journaledEvents += replayed.Length;
            if (receipt is not null)
            {
                RememberEventBatch(receipt);
            }
        }

        if (HasPendingMessages)
        {
            // Back after a deactivation or a lost silo: deliver what fell due meanwhile, arm the timer for the rest.
            await ScheduleWakeUpAsync(reRegister: false);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        deliveryTimer?.Dispose();
        CacheDecisionProfile(null, default); // the view goes with the activation (counted by the decision-views gauge)
        await FlushRelaxedEventsAsync();
        // An idle or shed activation folds its journal into a snapshot, so the next activation has less to replay.
        // Not on shutdown or a migration (a snapshot per customer would slow both, and the journal is durable
        // anyway), not when stale (it must not write), not when memory is ahead of the store.
        if (state.JournalLength > 0 && !aheadOfStore && reason.ReasonCode is DeactivationReasonCode.ActivationIdle
            or DeactivationReasonCode.HighMemoryPressure or DeactivationReasonCode.ApplicationRequested)
        {
            try
            {
                await SaveAsync(StateWriteMode.Normal);
            }
            catch (InconsistentStateException)
            {
                // Someone newer owns the state: nothing of ours is unsaved (every batch was appended before its answer).
            }
        }
    }

    public Task<TrackEventsResult> TrackEventsAsync(IReadOnlyList<BehaviourEvent> events) => TrackEventsAsync(events, EventDurability.Default);

    public Task<TrackEventsResult> TrackEventsAsync(IReadOnlyList<BehaviourEvent> events, EventDurability durability) =>
        TrackAsync(events, durability, key: null);

    public Task<TrackEventsResult> TrackEventsAsync(IReadOnlyList<BehaviourEvent> events, EventDurability durability, EventBatchKey key)
    {
        if (eventBatchReceipts?.Find(key.Key) is not { } receipt)
        {
            return TrackAsync(events, durability, key);
        }

        if (receipt.Fingerprint != key.Fingerprint)
        {
            throw new EventBatchKeyReusedException(key.Key);
        }

        CustomerMetrics.Duplicate(receipt.Accepted);
        return Task.FromResult(new TrackEventsResult(receipt.Accepted, 0, null, Duplicate: true));
    }

    private async Task<TrackEventsResult> TrackAsync(IReadOnlyList<BehaviourEvent> events, EventDurability durability, EventBatchKey? key)
    {
        await RefuseChangesDuringHandOverAsync();
        if (ForwardingTarget() is { } mergedInto)
        {
            return new TrackEventsResult(0, events.Count, MergedIdDropReason, MergedInto: mergedInto);
        }

        var triggers = await TriggersAsync();
        var result = profile.Track(events);
        if (result.Accepted > 0)
        {
            ProfileChanged();
            // Remembered before the write, so that a snapshot written instead of an append holds it too.
            var receipt = key is null ? null : new EventBatchReceipt(key.Key, key.Fingerprint, result.Accepted);
            if (receipt is not null)
            {
                RememberEventBatch(receipt);
            }

            var decided = new List<Interfaces.Orchestration.OutboxMessage>();
            var outboxChanged = DecideTriggers(triggers, events, firstSeen: profile.EventCount == result.Accepted, decided);
            await StoreEventsAsync(events, receipt, withSnapshot: outboxChanged, Resolve(durability));
            await AfterEventsStoredAsync(events);
            if (outboxChanged)
            {
                await AfterTriggersStoredAsync(decided);
            }
        }

        CustomerMetrics.Accepted(result.Accepted);
        CustomerMetrics.Dropped(result.Dropped, result.DropReason);
        return result;
    }

    public Task<CustomerProfileView> GetProfileAsync() => Task.FromResult(WithSegments(profile.ToView(Id, Now)));

    public Task<IReadOnlyList<ConsentRecord>> GetConsentsAsync() => Task.FromResult(profile.Consents());

    public async Task<ConsentChangeResult> ChangeConsentsAsync(ConsentChange change)
    {
        await RefuseChangesDuringHandOverAsync();
        // Consents set on a merged id again start a new life: its events are its own, stored or not by its own consent,
        // never sent on (a withdrawal here must not store them with the known profile).
        forwarding = null;
        var purges = profile.ChangeConsents(change, Now);
        ProfileChanged();
        if (purges.Count > 0)
        {
            ForgetDecisionBehaviour();
            ForgetEventBatchesIfBehaviourPurged();
        }

        var messagesForgotten = ForgetMessagesAfterConsentChange(purges.Count > 0);

        // A purge must leave no trace of the superseded state in the store's files.
        await SaveAsync(purges.Count > 0 || messagesForgotten ? StateWriteMode.Scrub : StateWriteMode.Normal);
        if (messagesForgotten)
        {
            await ScheduleWakeUpAsync(reRegister: true);
        }

        return new ConsentChangeResult(profile.Consents(), purges);
    }

    public Task<Preferences> GetPreferencesAsync() => Task.FromResult(profile.Preferences);

    public async Task<Preferences> ReplacePreferencesAsync(Preferences preferences)
    {
        await RefuseChangesDuringHandOverAsync();
        var result = profile.ReplacePreferences(preferences, Now);
        ProfileChanged();
        await SaveAsync(StateWriteMode.Normal);
        return result;
    }

    public async Task<Preferences> PatchPreferencesAsync(PreferencesPatch patch)
    {
        await RefuseChangesDuringHandOverAsync();
        var result = profile.PatchPreferences(patch, Now);
        ProfileChanged();
        await SaveAsync(StateWriteMode.Normal);
        return result;
    }

    public async Task<ContextResult> SetContextAsync(CustomerContext context)
    {
        await RefuseChangesDuringHandOverAsync();
        var result = profile.SetContext(context, Now);
        ProfileChanged();
        await SaveAsync(StateWriteMode.Normal);
        return result;
    }

    public Task<CustomerSnapshot> ExportAsync() => Task.FromResult(Export());

    private CustomerSnapshot Export() => profile.ToSnapshot(Id, Now) with
    {
        Decisions = DecisionMemory(),
        Messages = [.. Enumerable.Reverse(outbox)],
        EventBatchReceipts = eventBatchReceipts?.ToList() ?? [],
        Merges = absorbed?.ConvertAll(receipt => receipt.Result) ?? [],
        HandedOverTo = handOver is { } pending ? new PendingHandOver(pending.IntoId, pending.Until) : null,
        ForwardsTo = forwarding,
    };

    public async Task EraseAsync()
    {
        await RefuseChangesDuringHandOverAsync();
        await CompleteAbsorbedHandOversAsync();
        await StopAliasesForwardingAsync();
        await EraseProfileAsync();
    }

    /// <summary>Erases everything this customer has, in memory and in the store (a hand-over in progress included).</summary>
    private async Task EraseProfileAsync()
    {
        profile = new CustomerProfile(options.Value);
        ProfileChanged();
        RestoreDecisions(new CustomerState());
        RestoreEventBatchReceipts(null);
        RestoreMerges(new CustomerState());
        await ForgetMessagesOnErasureAsync();
        try
        {
            await state.ClearStateAsync();
        }
        catch
        {
            // Memory is erased but the store is not: never write this empty profile over it on the way out.
            aheadOfStore = true;
            DeactivateOnIdle();
            throw;
        }

        journaledEvents = 0;
        DeactivateOnIdle();
    }

    private WriteDurability Resolve(EventDurability durability) => durability switch
    {
        EventDurability.Relaxed => WriteDurability.Relaxed,
        EventDurability.Durable => WriteDurability.Durable,
        _ => durabilityOptions?.Value.Durability ?? WriteDurability.Durable,
    };

    /// <summary>Waits until relaxed appends acknowledged by this activation are stored, so the next activation (here or
    /// on another silo) reads them; a failed one was already lost, and the next activation starts from the store.</summary>
    private async Task FlushRelaxedEventsAsync()
    {
        try
        {
            await state.FlushAsync();
        }
        catch (Exception)
        {
            aheadOfStore = true;
        }
    }

    /// <summary>Appends an accepted batch to the journal, or writes a snapshot when there is no record yet or the
    /// journal is long enough. Only an append may be relaxed: a snapshot (which may carry trigger decisions) is
    /// always durable.</summary>
    private async Task StoreEventsAsync(IReadOnlyList<BehaviourEvent> events, EventBatchReceipt? receipt, bool withSnapshot, WriteDurability durability)
    {
        var limits = options.Value;
        // A trigger decision goes into the same write as the events that caused it: a snapshot holds both.
        if (withSnapshot || !state.RecordExists || limits.JournalSnapshotEvery <= 1 || state.JournalLength >= limits.JournalSnapshotEvery
            || journaledEvents + events.Count > limits.JournalMaxEvents)
        {
            await SaveAsync(StateWriteMode.Normal);
            return;
        }

        try
        {
            await state.AppendAsync(EventJournal.Encode(events, receipt), durability);
            journaledEvents += events.Count;
        }
        catch
        {
            // Memory is ahead of the store now: start over from the store on the next call.
            aheadOfStore = true;
            DeactivateOnIdle();
            throw;
        }
    }

    private async Task SaveAsync(StateWriteMode mode)
    {
        state.State = new CustomerState { Profile = profile.ToStoredSnapshot(Id, Now, options.Value.EncodeSnapshotEvents) };
        StoreDecisions(state.State);
        StoreOrchestration(state.State);
        StoreEventBatchReceipts(state.State);
        StoreMerges(state.State);
        try
        {
            await state.WriteStateAsync(mode);
            journaledEvents = 0;
        }
        catch
        {
            // Memory is ahead of the store now: start over from the store on the next call.
            aheadOfStore = true;
            DeactivateOnIdle();
            throw;
        }
        finally
        {
            state.State = null!;
        }
    }
}
