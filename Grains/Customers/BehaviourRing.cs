using System.Collections;
using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Grains.Customers;

/// <summary>The last N events, oldest first. Storage grows on demand up to N, so a customer with
/// three events does not pay for a hundred. Each event is held in 8 bytes: its compact time, and its type with
/// its subject's number in <see cref="SubjectTable"/>; a subject that is not pooled (a purchase with its order id)
/// is kept in a small side list of this ring, and the event holds its place there.</summary>
public sealed class BehaviourRing(int capacity) : IReadOnlyList<RecordedEvent>
{
    private const int TypeBits = 4;
    private const uint TypeMask = (1 << TypeBits) - 1;
    private const uint OwnFlag = 1 << TypeBits;
    private const int RefShift = TypeBits + 1;

    private Slot[] items = [];
    private EventSubject?[]? own;
    private int head;

    static BehaviourRing()
    {
        if (Enum.GetValues<EventType>().Any(t => (uint)t > TypeMask))
        {
            throw new InvalidOperationException($"BehaviourRing packs an event type in {TypeBits} bits: widen it for the new types.");
        }
    }

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    public int Count { get; private set; }

    public RecordedEvent this[int index] =>
        (uint)index < (uint)Count ? Unpack(items[(head + index) % items.Length]) : throw new ArgumentOutOfRangeException(nameof(index));

    public void Add(in RecordedEvent item)
    {
        if (Count < Capacity)
        {
            if (Count == items.Length)
            {
                // Never wrapped before it is full, so head is 0 here.
                Array.Resize(ref items, Math.Min(Capacity, Math.Max(4, items.Length * 2)));
            }

            items[Count++] = Pack(item);
            return;
        }

        Release(items[head]);
        items[head] = Pack(item);
        head = (head + 1) % items.Length;
    }

    public void Clear()
    {
        items = [];
        own = null;
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

    private Slot Pack(in RecordedEvent item)
    {
        var type = (uint)item.Type;
        return item.Subject switch
        {
            null => new Slot(type, item.Time),
            { Id: > 0 and var id } => new Slot(type | ((uint)id << RefShift), item.Time),
            var subject => new Slot(type | OwnFlag | ((uint)Keep(subject) << RefShift), item.Time),
        };
    }

    private RecordedEvent Unpack(Slot slot)
    {
        var reference = (int)(slot.Subject >> RefShift);
        var subject = (slot.Subject & OwnFlag) != 0 ? own![reference]
            : reference > 0 ? SubjectTable.Get(reference)
            : null;
        return new RecordedEvent(subject, slot.Time, (EventType)(slot.Subject & TypeMask));
    }

    /// <summary>Puts an unpooled subject in the first free place of the side list.</summary>
    private int Keep(EventSubject subject)
    {
        own ??= new EventSubject?[2];
        var free = Array.IndexOf(own, null);
        if (free < 0)
        {
            free = own.Length;
            Array.Resize(ref own, Math.Min(Capacity, own.Length * 2));
        }

        own[free] = subject;
        return free;
    }

    private void Release(Slot overwritten)
    {
        if ((overwritten.Subject & OwnFlag) != 0)
        {
            own![overwritten.Subject >> RefShift] = null;
        }
    }

    private readonly record struct Slot(uint Subject, uint Time);
}
