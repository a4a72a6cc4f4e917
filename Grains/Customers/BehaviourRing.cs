using System.Collections;

namespace PersoActors.Grains.Customers;

/// <summary>The last N events, oldest first. Storage grows on demand up to N, so a customer with
/// three events does not pay for a hundred.</summary>
public sealed class BehaviourRing(int capacity) : IReadOnlyList<RecordedEvent>
{
    private RecordedEvent[] items = [];
    private int head;

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    public int Count { get; private set; }

    public RecordedEvent this[int index] =>
        (uint)index < (uint)Count ? items[(head + index) % items.Length] : throw new ArgumentOutOfRangeException(nameof(index));

    public void Add(in RecordedEvent item)
    {
        if (Count < Capacity)
        {
            if (Count == items.Length)
            {
                // Never wrapped before it is full, so head is 0 here.
                Array.Resize(ref items, Math.Min(Capacity, Math.Max(4, items.Length * 2)));
            }

            items[Count++] = item;
            return;
        }

        items[head] = item;
        head = (head + 1) % items.Length;
    }

    public void Clear()
    {
        items = [];
        head = 0;
        Count = 0;
    }

    public IEnumerator<RecordedEvent> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
