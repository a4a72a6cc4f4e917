using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Grains.Customers;

/// <summary>The idempotency keys of the last keyed event batches a customer stored, oldest first; beyond the capacity
/// the oldest is forgotten. A handful at most, so a linear search is the fastest lookup.</summary>
internal sealed class EventBatchReceipts(int capacity)
{
    private readonly List<EventBatchReceipt> receipts = [];

    public int Count => receipts.Count;

    /// <summary>The receipt stored under <paramref name="key"/>, if it is still remembered.</summary>
    public EventBatchReceipt? Find(string key)
    {
        foreach (var receipt in receipts)
        {
            if (string.Equals(receipt.Key, key, StringComparison.Ordinal))
            {
                return receipt;
            }
        }

        return null;
    }

    public void Add(EventBatchReceipt receipt)
    {
        if (capacity <= 0)
        {
            return;
        }

        if (receipts.Count >= capacity)
        {
            receipts.RemoveRange(0, receipts.Count - capacity + 1);
        }

        receipts.Add(receipt);
    }

    public List<EventBatchReceipt> ToList() => [.. receipts];
}
