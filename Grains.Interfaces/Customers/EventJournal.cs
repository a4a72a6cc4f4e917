using System.Text;

namespace PersoActors.Grains.Interfaces.Customers;

/// <summary>The compact binary form of a batch of behaviour events in the customer's journal (about 40 bytes an
/// event instead of a rewrite of the whole profile). Everything the profile derives from is kept; times to the second,
/// as the profile keeps them. A batch stored with an idempotency key carries its receipt (format 2); a batch without
/// one is written in format 1, byte for byte as before keys existed. A stored snapshot keeps its recent events as one
/// format-1 entry too (<see cref="EncodedEvents"/>), so an activation reads both the same way.</summary>
public static class EventJournal
{
    private const byte EventsOnly = 1;
    private const byte WithReceipt = 2;

    [Flags]
    private enum Fields : ushort
    {
        None = 0,
        ItemId = 1,
        Categories = 2,
        Brand = 4,
        Value = 8,
        Quantity = 16,
        Query = 32,
        Name = 64,
        OrderId = 128,
        DecisionId = 256,
    }

    public static byte[] Encode(IReadOnlyList<BehaviourEvent> events, EventBatchReceipt? receipt = null)
    {
        using var writer = new EntryWriter(events.Count, receipt);
        foreach (var e in events)
        {
            writer.Add(e.Type, e.Timestamp.ToUnixTimeSeconds(), e.ItemId, e.Categories, e.Brand, e.Value, e.Quantity, e.Query, e.Name,
                e.OrderId, e.DecisionId);
        }

        return writer.ToArray();
    }

    public static BehaviourEvent[] Decode(ReadOnlyMemory<byte> entry) => Decode(entry, out _);

    /// <summary>The entry's events, and the receipt of its idempotency key when it was stored with one. Item ids,
    /// categories and brands come from <see cref="StringPool.Shared"/>; search texts, names and ids are read as they are.</summary>
    public static BehaviourEvent[] Decode(ReadOnlyMemory<byte> entry, out EventBatchReceipt? receipt)
    {
        var reader = new JournalReader(entry.Span);
        receipt = ReadHeader(ref reader);
        var categories = new List<string>();
        var events = new BehaviourEvent[reader.ReadCount()];
        for (var i = 0; i < events.Length; i++)
        {
            var e = ReadEvent(ref reader, categories);
            events[i] = new BehaviourEvent(e.Type, DateTimeOffset.FromUnixTimeSeconds(e.UnixSeconds), e.ItemId,
                e.HasCategories ? [.. categories] : null, e.Brand, e.Value, e.Quantity, e.Query, e.Name, e.OrderId, e.DecisionId);
        }

        return events;
    }

    /// <summary>The entry's format byte and, in format 2, its receipt.</summary>
    internal static EventBatchReceipt? ReadHeader(ref JournalReader reader)
    {
        var format = reader.ReadByte();
        return format switch
        {
            EventsOnly => null,
            WithReceipt => new EventBatchReceipt(reader.ReadString(), reader.ReadUInt64(), reader.Read7BitEncodedInt()),
            _ => throw new InvalidDataException($"Unknown event journal format {format}."),
        };
    }

    /// <summary>One event's fields; its categories go to <paramref name="categories"/> (cleared first), pooled.</summary>
    internal static EventFields ReadEvent(ref JournalReader reader, List<string> categories)
    {
        var pool = StringPool.Shared;
        var type = (EventType)reader.Read7BitEncodedInt();
        var unixSeconds = reader.Read7BitEncodedInt64();
        var fields = (Fields)reader.Read7BitEncodedInt();
        var itemId = Has(fields, Fields.ItemId) ? reader.ReadPooledString(pool) : null;
        categories.Clear();
        if (Has(fields, Fields.Categories))
        {
            var count = reader.ReadCount();
            for (var c = 0; c < count; c++)
            {
                categories.Add(reader.ReadPooledString(pool));
            }
        }

        var brand = Has(fields, Fields.Brand) ? reader.ReadPooledString(pool) : null;
        decimal? value = Has(fields, Fields.Value) ? reader.ReadDecimal() : null;
        int? quantity = Has(fields, Fields.Quantity) ? reader.ReadInt32() : null;
        var query = ReadIf(ref reader, fields, Fields.Query);
        var name = ReadIf(ref reader, fields, Fields.Name);
        var orderId = ReadIf(ref reader, fields, Fields.OrderId);
        var decisionId = ReadIf(ref reader, fields, Fields.DecisionId);
        return new EventFields(type, unixSeconds, itemId, Has(fields, Fields.Categories), brand, value, quantity, query, name, orderId, decisionId);
    }

    /// <summary>Writes one entry event by event from their fields, so a caller that holds events in another form (the
    /// profile's ring) encodes them without building an event object each.</summary>
    internal sealed class EntryWriter : IDisposable
    {
        private const int MaxReusedBytes = 64 * 1024;

        // One buffer per thread, reused: growing a fresh one to an entry's size and then copying it out allocated
        // three times what the entry is.
        [ThreadStatic]
        private static MemoryStream? reusable;

        private readonly MemoryStream buffer;
        private readonly BinaryWriter writer;

        public EntryWriter(int count, EventBatchReceipt? receipt)
        {
            buffer = reusable ?? new MemoryStream(16 + count * 48);
            reusable = null;
            buffer.SetLength(0);
            writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true);
            writer.Write(receipt is null ? EventsOnly : WithReceipt);
            if (receipt is not null)
            {
                writer.Write(receipt.Key);
                writer.Write(receipt.Fingerprint);
                writer.Write7BitEncodedInt(receipt.Accepted);
            }

            writer.Write7BitEncodedInt(count);
        }

        public void Add(EventType type, long unixSeconds, string? itemId, IReadOnlyList<string>? categories, string? brand,
            decimal? value, int? quantity, string? query, string? name, string? orderId, string? decisionId)
        {
            var fields = (itemId is null ? 0 : Fields.ItemId) | (categories is { Count: > 0 } ? Fields.Categories : 0)
                | (brand is null ? 0 : Fields.Brand) | (value is null ? 0 : Fields.Value) | (quantity is null ? 0 : Fields.Quantity)
                | (query is null ? 0 : Fields.Query) | (name is null ? 0 : Fields.Name) | (orderId is null ? 0 : Fields.OrderId)
                | (decisionId is null ? 0 : Fields.DecisionId);
            writer.Write7BitEncodedInt((int)type);
            writer.Write7BitEncodedInt64(unixSeconds);
            writer.Write7BitEncodedInt((int)fields);
            WriteIf(writer, itemId);
            if (categories is { Count: > 0 })
            {
                writer.Write7BitEncodedInt(categories.Count);
                for (var i = 0; i < categories.Count; i++)
                {
                    writer.Write(categories[i]);
                }
            }

            WriteIf(writer, brand);
            if (value is { } amount)
            {
                writer.Write(amount);
            }

            if (quantity is { } count)
            {
                writer.Write(count);
            }

            WriteIf(writer, query);
            WriteIf(writer, name);
            WriteIf(writer, orderId);
            WriteIf(writer, decisionId);
        }

        public byte[] ToArray()
        {
            writer.Flush();
            return buffer.ToArray();
        }

        public void Dispose()
        {
            writer.Dispose();
            if (buffer.Capacity <= MaxReusedBytes)
            {
                // A customer's events must not outlive their entry in a buffer kept for the next one (erasure).
                Array.Clear(buffer.GetBuffer(), 0, (int)buffer.Length);
                reusable = buffer;
            }
        }
    }

    private static void WriteIf(BinaryWriter writer, string? value)
    {
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    private static string? ReadIf(ref JournalReader reader, Fields fields, Fields field) =>
        Has(fields, field) ? reader.ReadString() : null;

    // Not Enum.HasFlag: until the JIT has optimized the caller (and in on-stack-replaced loops) it boxes both operands,
    // which was a third of what replaying a journal allocated.
    private static bool Has(Fields fields, Fields field) => (fields & field) != 0;

    internal readonly record struct EventFields(EventType Type, long UnixSeconds, string? ItemId, bool HasCategories, string? Brand,
        decimal? Value, int? Quantity, string? Query, string? Name, string? OrderId, string? DecisionId);
}
