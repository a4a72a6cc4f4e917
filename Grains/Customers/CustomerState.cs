using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Grains.Interfaces.Decisions;
using PersoActors.Grains.Interfaces.Orchestration;
using PersoActors.Grains.Orchestration;

namespace PersoActors.Grains.Customers;

/// <summary>What a customer grain persists: a snapshot of its profile, and its decision memory. The grain holds
/// the compact in-memory <see cref="CustomerProfile"/> and sets this only for the duration of a write.</summary>
public sealed class CustomerState
{
    public CustomerSnapshot? Profile { get; set; }

    /// <summary>Offer frequency-cap counters and the experiment variants the customer was exposed to.</summary>
    public CustomerDecisionState? Decisions { get; set; }

    /// <summary>Recent decisions and the items they showed, newest first, for attributing purchases (analytics consent only).</summary>
    public List<ServedDecision>? RecentDecisions { get; set; }

    /// <summary>Feedback counted on the customer's decisions within the attribution window (analytics consent only).</summary>
    public List<DecisionFeedbackMemory>? Feedback { get; set; }

    /// <summary>Experiments the customer converted in (analytics consent only).</summary>
    public List<string>? ConvertedExperiments { get; set; }

    /// <summary>Triggered messages: pending ones (the outbox) and the delivery log.</summary>
    public List<OutboxMessage>? Outbox { get; set; }

    /// <summary>When each trigger last delivered, for its frequency cap.</summary>
    public List<TriggerCapState>? TriggerCaps { get; set; }

    /// <summary>The idempotency keys of the last keyed event batches stored, oldest first (analytics consent only).</summary>
    public List<EventBatchReceipt>? EventBatchReceipts { get; set; }

    /// <summary>The hand-over of this (anonymous) profile to a merge, while one is in progress.</summary>
    public StoredHandOver? HandOver { get; set; }

    /// <summary>The last hand-overs this (known) profile absorbed, oldest first.</summary>
    public List<MergeReceipt>? MergeReceipts { get; set; }

    /// <summary>Where this merged anonymous id's events go, while they do.</summary>
    public MergeForwarding? Forwarding { get; set; }
}
