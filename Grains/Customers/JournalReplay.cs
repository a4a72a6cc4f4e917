using System.Runtime.InteropServices;
using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Grains.Customers;

/// <summary>Reads <see cref="EventJournal"/> entries straight into the recent-events ring's form: what an activation
/// does with its journal and with the events of its snapshot.</summary>
public static class JournalReplay
{
    // One list of each per thread for every entry decoded on it: nothing here awaits, the caller reads the events
    // before it decodes again, and the subject pool copies the categories it keeps. Single-event entries are the common
    // kind, and lists of their own were half of what an entry allocated.
    [ThreadStatic]
    private static List<RecordedEvent>? events;

    [ThreadStatic]
    private static List<string>? categories;

    /// <summary>The entry's events in the ring's form, without an event object or a string for what the pools already
    /// hold, and the receipt of its idempotency key if it has one. The events are valid until the next call on this
    /// thread.</summary>
    public static ReadOnlySpan<RecordedEvent> Decode(ReadOnlyMemory<byte> entry, out EventBatchReceipt? receipt)
    {
        var reader = new JournalReader(entry.Span);
        receipt = EventJournal.ReadHeader(ref reader);
        var decoded = events ??= [];
        var eventCategories = categories ??= [];
        decoded.Clear();
        var count = reader.ReadCount();
        for (var i = 0; i < count; i++)
        {
            var e = EventJournal.ReadEvent(ref reader, eventCategories);
            decoded.Add(RecordedEvent.Of(e.Type, e.UnixSeconds, e.ItemId, e.HasCategories ? eventCategories : null, e.Brand, e.Value, e.Quantity,
                e.Query, e.Name, e.OrderId));
        }

        return CollectionsMarshal.AsSpan(decoded);
    }
}
