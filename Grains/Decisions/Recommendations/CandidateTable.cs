using System.Runtime.CompilerServices;

namespace PersoActors.Grains.Decisions;

/// <summary>Maps catalog indexes to candidate slots for one recommendation call: open addressing over two small int
/// arrays that stay in the CPU cache, reused call after call (a <see cref="Dictionary{TKey,TValue}"/> per call
/// allocated and zeroed kilobytes each time).</summary>
internal sealed class CandidateTable
{
    private int[] keys = new int[1024];
    private int[] slots = new int[1024];
    private int count;

    public int Count => count;

    /// <summary>The slot of <paramref name="index"/>, or <paramref name="next"/> after storing it there.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetOrAdd(int index, int next, out bool added)
    {
        if (2 * (count + 1) > keys.Length)
        {
            Grow();
        }

        var mask = keys.Length - 1;
        var key = index + 1;
        for (var at = Hash(index) & mask; ; at = (at + 1) & mask)
        {
            var found = keys[at];
            if (found == key)
            {
                added = false;
                return slots[at];
            }

            if (found == 0)
            {
                keys[at] = key;
                slots[at] = next;
                count++;
                added = true;
                return next;
            }
        }
    }

    public void Clear()
    {
        if (count > 0)
        {
            Array.Clear(keys);
            count = 0;
        }
    }

    private static int Hash(int index) => (int)((uint)index * 0x9E3779B1u >> 7);

    private void Grow()
    {
        var (oldKeys, oldSlots) = (keys, slots);
        keys = new int[oldKeys.Length * 2];
        slots = new int[oldKeys.Length * 2];
        count = 0;
        for (var i = 0; i < oldKeys.Length; i++)
        {
            if (oldKeys[i] != 0)
            {
                GetOrAdd(oldKeys[i] - 1, oldSlots[i], out _);
            }
        }
    }
}
