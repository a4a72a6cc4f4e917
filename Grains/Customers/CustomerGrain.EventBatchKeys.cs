using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Grains.Customers;

// Idempotency keys of event batches: what the grain remembers of the keyed batches it stored, so that a retried
// request is answered as before instead of storing its events twice. A receipt is written in the same store write as
// its events (the journal entry, or the snapshot that replaces an append), so it is durable exactly when they are: a
// relaxed batch lost in a crash loses its receipt too, and its retry is then stored, as it should be.
public sealed partial class CustomerGrain
{
    /// <summary>Null until the customer stores a keyed batch: most customers never do.</summary>
    private EventBatchReceipts? eventBatchReceipts;

    private void RememberEventBatch(EventBatchReceipt receipt) =>
        (eventBatchReceipts ??= new EventBatchReceipts(options.Value.MaxEventBatchReceipts)).Add(receipt);

    private void RestoreEventBatchReceipts(IReadOnlyList<EventBatchReceipt>? stored)
    {
        eventBatchReceipts = null;
        foreach (var receipt in stored ?? [])
        {
            RememberEventBatch(receipt);
        }
    }

    private void StoreEventBatchReceipts(CustomerState target) =>
        target.EventBatchReceipts = eventBatchReceipts is { Count: > 0 } && profile.HasConsent(ConsentPurpose.Analytics)
            ? eventBatchReceipts.ToList()
            : null;

    /// <summary>The keys belong to the behaviour they stored: a behaviour purge (analytics withdrawn) forgets them.</summary>
    private void ForgetEventBatchesIfBehaviourPurged()
    {
        if (!profile.HasConsent(ConsentPurpose.Analytics))
        {
            eventBatchReceipts = null;
        }
    }
}
