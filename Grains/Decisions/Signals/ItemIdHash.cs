namespace PersoActors.Grains.Decisions;

/// <summary>The 32-bit hash under which an item id is remembered in a customer's purchased set (FNV-1a, stable across
/// processes and versions). A sorted set of n such hashes wrongly matches an unrelated item with probability about
/// n / 2³² (1 in 4 million for 1,000 purchases): such an item is not recommended to that customer, nothing worse.</summary>
public static class ItemIdHash
{
    public static uint Of(string itemId) => Fnv1a.Hash32(itemId);
}
