using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Grains.Customers;

/// <summary>Recency, frequency and monetary value of purchases. Each purchase event is one order
/// unless it repeats a recent order id (one event per order line).</summary>
public sealed class PurchaseSummary(int purchasedItemLimit, int recentOrderIdLimit)
{
    private readonly List<string> purchasedItems = [];
    private readonly List<string> recentOrders = [];
    private readonly PurchasedSet everBought = new();

    public int OrderCount { get; private set; }

    public long TotalSpendCents { get; private set; }

    /// <summary>Unix time of the first purchase (0: none).</summary>
    public long FirstPurchaseAt { get; private set; }

    /// <summary>Unix time of the last purchase (0: none).</summary>
    public long LastPurchaseAt { get; private set; }

    /// <summary>Distinct purchased item ids, newest first (bounded).</summary>
    public IReadOnlyList<string> PurchasedItemIds => purchasedItems;

    /// <summary>Every item ever bought (not bounded), as sorted id hashes.</summary>
    public IReadOnlyList<uint> PurchasedItemHashes => everBought.Hashes;

    public void Record(string? itemId, int valueCents, string? orderId, long at)
    {
        var newOrder = orderId is null || !recentOrders.Contains(orderId, StringComparer.Ordinal);
        if (newOrder)
        {
            OrderCount = OrderCount == int.MaxValue ? OrderCount : OrderCount + 1;
            if (orderId is not null)
            {
                PushFront(recentOrders, orderId, recentOrderIdLimit);
            }
        }

        TotalSpendCents += Math.Max(0, valueCents);
        FirstPurchaseAt = FirstPurchaseAt == 0 ? at : Math.Min(FirstPurchaseAt, at);
        LastPurchaseAt = Math.Max(LastPurchaseAt, at);
        if (itemId is not null)
        {
            PushFront(purchasedItems, StringPool.Shared.Intern(itemId), purchasedItemLimit);
            everBought.Add(itemId);
        }
    }

    public PurchaseSummaryView View(long now) => new(
        OrderCount,
        TotalSpendCents / 100m,
        OrderCount == 0 ? 0m : Math.Round(TotalSpendCents / 100m / OrderCount, 2, MidpointRounding.AwayFromZero),
        ToTime(FirstPurchaseAt),
        ToTime(LastPurchaseAt),
        LastPurchaseAt == 0 ? null : Math.Max(0, (now - LastPurchaseAt) / 86_400d),
        [.. purchasedItems]);

    public PurchaseRecord ToRecord() => new(OrderCount, TotalSpendCents / 100m, ToTime(FirstPurchaseAt), ToTime(LastPurchaseAt), [.. purchasedItems], [.. recentOrders],
        [.. everBought.Hashes]);

    public void Restore(PurchaseRecord record)
    {
        OrderCount = Math.Max(0, record.OrderCount);
        TotalSpendCents = (long)Math.Max(0m, Math.Round(record.TotalSpend * 100m));
        FirstPurchaseAt = record.FirstPurchaseAt?.ToUnixTimeSeconds() ?? 0;
        LastPurchaseAt = record.LastPurchaseAt?.ToUnixTimeSeconds() ?? 0;
        purchasedItems.Clear();
        purchasedItems.AddRange(record.PurchasedItemIds.Take(purchasedItemLimit).Select(id => StringPool.Shared.Intern(id)));
        recentOrders.Clear();
        recentOrders.AddRange(record.RecentOrderIds.Take(recentOrderIdLimit));
        // A record stored before the set existed knows its purchases only by their ids.
        everBought.Restore((record.PurchasedItemHashes ?? []).Concat(record.PurchasedItemIds.Select(ItemIdHash.Of)));
    }

    private static DateTimeOffset? ToTime(long unixSeconds) => unixSeconds == 0 ? null : DateTimeOffset.FromUnixTimeSeconds(unixSeconds);

    private static void PushFront(List<string> list, string value, int limit)
    {
        list.Remove(value);
        list.Insert(0, value);
        if (list.Count > limit)
        {
            list.RemoveRange(limit, list.Count - limit);
        }
    }
}
