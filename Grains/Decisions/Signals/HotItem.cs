using System.Runtime.InteropServices;

namespace PersoActors.Grains.Decisions;

/// <summary>What filtering and scoring read about one item, packed into 32 bytes (two per cache line) so a
/// candidate costs one memory access instead of a walk over several objects; that access, not arithmetic,
/// dominates decision time on a 100k-item catalog.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
public struct HotItem
{
    /// <summary>Bit i set when the item has attribute id i (ids below 64).</summary>
    public ulong Attributes;

    /// <summary>Primary category id.</summary>
    public int Primary;

    /// <summary>Second category id, or -1.</summary>
    public int Second;

    /// <summary>Brand id, or -1.</summary>
    public int Brand;

    /// <summary>Start of the item's further categories, then its tags, in <see cref="SignalIndex.ItemLists"/>.</summary>
    public int ListStart;

    /// <summary>Normalized popularity 0..1.</summary>
    public float Popularity;

    /// <summary>Categories beyond the second.</summary>
    public short ExtraCount;

    /// <summary>Tag count, capped at 255 (<see cref="TagsInEntry"/> = read them from the catalog entry).</summary>
    public byte TagCount;

    public bool InStock;

    public const byte TagsInEntry = byte.MaxValue;

    public readonly bool HasTags => TagCount > 0;

    public readonly bool HasCategory(int category, int[] lists)
    {
        if (Primary == category || Second == category)
        {
            return true;
        }

        for (var i = 0; i < ExtraCount; i++)
        {
            if (lists[ListStart + i] == category)
            {
                return true;
            }
        }

        return false;
    }
}
