namespace PersoActors.Grains.Decisions;

/// <summary>How per-item data (catalog items, item signals) is spread over shard grains: a fixed number of shards
/// keyed <c>{key}/{shard}</c>, chosen by FNV-1a of the item id — stable across processes and versions
/// (string.GetHashCode is not), so a restarted silo finds every item where it was stored.</summary>
public static class ItemShards
{
    public const int Count = 16;

    public static int Of(string itemId) => (int)(Fnv1a.Hash32(itemId) % Count);

    public static string Key(string key, int shard) => $"{key}/{shard}";
}
