using PersoActors.Grains.Decisions;

namespace PersoActors.Grains.Customers;

/// <summary>Every item a customer ever bought, however many, in 4 bytes each: the <see cref="ItemIdHash"/> of the id in
/// a sorted array (exact size, no per-item object). A lookup is a binary search; an unrelated item is mistaken for a
/// purchase with probability about n / 2³² for n purchases.</summary>
public sealed class PurchasedSet
{
    private uint[] hashes = [];

    public int Count => hashes.Length;

    /// <summary>The hashes, ascending.</summary>
    public IReadOnlyList<uint> Hashes => hashes;

    public void Add(string itemId) => AddHash(ItemIdHash.Of(itemId));

    public bool Contains(string itemId) => Array.BinarySearch(hashes, ItemIdHash.Of(itemId)) >= 0;

    /// <summary>Replaces the content with <paramref name="stored"/> (any order, duplicates ignored).</summary>
    public void Restore(IEnumerable<uint> stored) => hashes = [.. stored.Distinct().Order()];

    private void AddHash(uint hash)
    {
        var at = Array.BinarySearch(hashes, hash);
        if (at >= 0)
        {
            return;
        }

        at = ~at;
        var grown = new uint[hashes.Length + 1];
        hashes.AsSpan(0, at).CopyTo(grown);
        grown[at] = hash;
        hashes.AsSpan(at).CopyTo(grown.AsSpan(at + 1));
        hashes = grown;
    }
}
