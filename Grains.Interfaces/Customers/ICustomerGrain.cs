namespace PersoActors.Grains.Interfaces.Customers;

/// <summary>One customer: their consents, preferences, context and recent behaviour, held in memory.
/// The key is the customer id as the site knows it. Every change is durable before the call returns.</summary>
/// <remarks>No method but <see cref="GetAbsorbStateAsync"/> is <c>[ReadOnly]</c> or <c>[AlwaysInterleave]</c>, by choice. The reads (profile, consents,
/// preferences, export, messages) finish without awaiting, so a turn never interleaves with them anyway. Letting a read
/// or a decision run while a write awaits the store would show state that is not durable yet (and is gone if that write
/// fails), and a decision may itself write (experiment variants, offer caps), which must not overlap another write.</remarks>
public partial interface ICustomerGrain : IGrainWithStringKey
{
    /// <summary>Records a batch of behaviour events. Without analytics consent nothing is stored and the
    /// result says how many were dropped and why.</summary>
    Task<TrackEventsResult> TrackEventsAsync(IReadOnlyList<BehaviourEvent> events);

    /// <summary>Records a batch of behaviour events, acknowledged as <paramref name="durability"/> says.</summary>
    Task<TrackEventsResult> TrackEventsAsync(IReadOnlyList<BehaviourEvent> events, EventDurability durability);

    /// <summary>Records a batch once per idempotency key: a batch whose key the customer remembers (the last
    /// <c>Customers:MaxEventBatchReceipts</c> keyed batches stored) is answered as it was then, with
    /// <see cref="TrackEventsResult.Duplicate"/> set, and not stored again; the same key with a different fingerprint
    /// throws <see cref="EventBatchKeyReusedException"/>. The key is stored in the same write as the events, so
    /// repeating the call is safe even when it is not known whether it ran.</summary>
    [SafeToRetry]
    Task<TrackEventsResult> TrackEventsAsync(IReadOnlyList<BehaviourEvent> events, EventDurability durability, EventBatchKey key);

    /// <summary>The customer's profile as the API shows it.</summary>
    [SafeToRetry]
    Task<CustomerProfileView> GetProfileAsync();

    /// <summary>The consent of every purpose (unknown ones included).</summary>
    [SafeToRetry]
    Task<IReadOnlyList<ConsentRecord>> GetConsentsAsync();

    /// <summary>Changes consents. Withdrawing analytics purges stored behaviour and everything derived
    /// from it; withdrawing personalization purges the inferred affinities; the purge is scrubbed from
    /// the store and recorded in the profile.</summary>
    Task<ConsentChangeResult> ChangeConsentsAsync(ConsentChange change);

    /// <summary>The explicit preferences.</summary>
    [SafeToRetry]
    Task<Preferences> GetPreferencesAsync();

    /// <summary>Replaces all preferences.</summary>
    [SafeToRetry]
    Task<Preferences> ReplacePreferencesAsync(Preferences preferences);

    /// <summary>Changes some preferences (see <see cref="PreferencesPatch"/>). Throws
    /// <see cref="ProfileValidationException"/> when the result breaks a size limit.</summary>
    Task<Preferences> PatchPreferencesAsync(PreferencesPatch patch);

    /// <summary>Replaces the latest context; a new session id starts a new session.</summary>
    [SafeToRetry]
    Task<ContextResult> SetContextAsync(CustomerContext context);

    /// <summary>Every stored field, the decision memory included (GDPR/RODO access and portability).</summary>
    [SafeToRetry]
    Task<CustomerSnapshot> ExportAsync();

    /// <summary>Erases the profile and its decision memory: its record is deleted (and scrubbed) from the store and
    /// the activation is deactivated; a later read finds an empty profile. No other grain keeps data linked to the
    /// customer (see README.md, API → Privacy).</summary>
    [SafeToRetry]
    Task EraseAsync();
}
