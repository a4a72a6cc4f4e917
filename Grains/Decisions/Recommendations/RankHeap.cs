namespace PersoActors.Grains.Decisions;

/// <summary>A binary max-heap over scored candidates, built in place in O(n): the greedy pick needs only the best
/// dozen or so of a few hundred candidates, so popping them is cheaper than sorting all. Order: higher score first,
/// then lower catalog index (a total order, so the result is the same as a full sort's).</summary>
internal ref struct RankHeap
{
    private readonly Span<(double Score, int Index, int Slot)> items;
    private int count;

    public RankHeap(Span<(double Score, int Index, int Slot)> items)
    {
        this.items = items;
        count = items.Length;
        for (var i = count / 2 - 1; i >= 0; i--)
        {
            SiftDown(i);
        }
    }

    /// <summary>Puts an entry back after a pop (the heap never holds more than it was built with).</summary>
    public void Push((double Score, int Index, int Slot) item)
    {
        var at = count++;
        while (at > 0)
        {
            var parent = (at - 1) / 2;
            if (!Before(item, items[parent]))
            {
                break;
            }

            items[at] = items[parent];
            at = parent;
        }

        items[at] = item;
    }

    /// <summary>Removes the best entry and returns its slot.</summary>
    public bool TryPop(out int slot)
    {
        if (count == 0)
        {
            slot = -1;
            return false;
        }

        slot = items[0].Slot;
        items[0] = items[--count];
        SiftDown(0);
        return true;
    }

    private static bool Before(in (double Score, int Index, int Slot) a, in (double Score, int Index, int Slot) b) =>
        a.Score > b.Score || (a.Score == b.Score && a.Index < b.Index);

    private void SiftDown(int at)
    {
        var item = items[at];
        while (true)
        {
            var child = 2 * at + 1;
            if (child >= count)
            {
                break;
            }

            if (child + 1 < count && Before(items[child + 1], items[child]))
            {
                child++;
            }

            if (!Before(items[child], item))
            {
                break;
            }

            items[at] = items[child];
            at = child;
        }

        items[at] = item;
    }
}
