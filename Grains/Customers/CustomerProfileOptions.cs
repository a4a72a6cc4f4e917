namespace PersoActors.Grains.Customers;

/// <summary>Tunables of the customer profile, bound from the <c>Customers</c> configuration section.</summary>
public sealed class CustomerProfileOptions
{
    /// <summary>The ring keeps this many most recent events.</summary>
    public int RecentEventLimit { get; set; } = 100;

    /// <summary>An affinity contribution halves every half-life: long enough that a regular customer's taste outlives
    /// a few weeks away (session intent is carried by the recent items instead).</summary>
    public TimeSpan AffinityHalfLife { get; set; } = TimeSpan.FromDays(60);

    public int MaxCategoryAffinities { get; set; } = 20;

    public int MaxBrandAffinities { get; set; } = 10;

    /// <summary>Affinity scores are capped here, so a burst of events cannot grow them without bound.</summary>
    public double MaxAffinityScore { get; set; } = 1_000;

    /// <summary>A non-empty cart untouched for this long is abandoned.</summary>
    public TimeSpan CartAbandonedAfter { get; set; } = TimeSpan.FromHours(1);

    public int MaxCartLines { get; set; } = 100;

    /// <summary>How many distinct purchased item ids are kept (newest first) for reasons and seeds; every purchase is
    /// also kept, 4 bytes each, in the purchased set that filters recommendations.</summary>
    public int PurchasedItemLimit { get; set; } = 10;

    /// <summary>How many recent order ids are remembered to count multi-line orders once.</summary>
    public int RecentOrderIdLimit { get; set; } = 16;

    /// <summary>How many purge records are kept.</summary>
    public int MaxPurgeRecords { get; set; } = 20;

    /// <summary>Accepted event batches are appended to the store's journal instead of rewriting the whole profile;
    /// after this many appends the next batch writes a snapshot (which drops the journal). 0 or 1: a snapshot every time.</summary>
    public int JournalSnapshotEvery { get; set; } = 256;

    /// <summary>A snapshot is also written once the journal would hold more events than this, bounding what an
    /// activation replays.</summary>
    public int JournalMaxEvents { get; set; } = 1_000;

    /// <summary>A stored snapshot keeps its recent events as one journal entry (Base64 in the record, under half the
    /// JSON's size), which an activation reads without an object per event. Builds from before this form refuse such a
    /// record instead of losing its events: turn it off while silos of such a build still run (a rolling upgrade, or
    /// before a rollback), and records are written as before. Either form is always read.</summary>
    public bool EncodeSnapshotEvents { get; set; } = true;

    /// <summary>How many of its latest keyed event batches (<c>Idempotency-Key</c>) a customer remembers: a retry of an
    /// older one is stored again. Memory is taken only by customers whose batches carry keys.</summary>
    public int MaxEventBatchReceipts { get; set; } = 16;

    /// <summary>For this long after an anonymous profile is merged into a known one, events sent to the anonymous id
    /// (by a tab still open, a beacon sent before the login) go to the known profile instead of being dropped; the
    /// anonymous id keeps only where they go, in the store, until then. Zero (the default): no forwarding, and a merge
    /// leaves nothing of the anonymous id behind.</summary>
    public TimeSpan MergedIdForwarding { get; set; } = TimeSpan.Zero;
}
