using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PersoActors.Grains.Interfaces.Customers;

/// <summary>Reads a snapshot's recent events field by field; writes them as System.Text.Json always did. Reading a
/// stored profile is what every activation after an idle deactivation does, and the serializer's own path for a record
/// with a constructor boxed each event's arguments (~130 B more per event read). Item ids, categories and brands come
/// from <see cref="StringPool.Shared"/>, so the ones other profiles already hold are not allocated again.
/// <see cref="EncodedEvents"/> (what the grain stores) are written as their journal entry in Base64 and read back as
/// such: a string where a build from before that form expects an array makes it refuse the record, instead of reading
/// it without its events and writing it back so.</summary>
/// <remarks>Reads what the serializer writes with the given options: property names as written or, with
/// <see cref="JsonSerializerOptions.PropertyNameCaseInsensitive"/>, in any case; the event type through the options'
/// enum converter; numbers as numbers or strings; unknown properties skipped.</remarks>
public sealed class StoredEventsJsonConverter : JsonConverter<IReadOnlyList<BehaviourEvent>>
{
    public override IReadOnlyList<BehaviourEvent> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.TryGetBytesFromBase64(out var entry)
                ? new EncodedEvents(entry)
                : throw new JsonException("The stored events are a string but not Base64.");
        }

        Expect(ref reader, JsonTokenType.StartArray);
        var types = (JsonConverter<EventType>)options.GetConverter(typeof(EventType));
        var times = (JsonConverter<DateTimeOffset>)options.GetConverter(typeof(DateTimeOffset));
        var names = Names(options);
        var events = new List<BehaviourEvent>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            events.Add(ReadEvent(ref reader, options, names, types, times));
        }

        return events;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<BehaviourEvent> value, JsonSerializerOptions options)
    {
        if (value is EncodedEvents encoded)
        {
            writer.WriteBase64StringValue(encoded.Entry);
        }
        else
        {
            JsonSerializer.Serialize(writer, value, options);
        }
    }

    private static BehaviourEvent ReadEvent(
        ref Utf8JsonReader reader, JsonSerializerOptions options, Name[] names, JsonConverter<EventType> types, JsonConverter<DateTimeOffset> times)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        EventType type = default;
        DateTimeOffset timestamp = default;
        string? itemId = null, brand = null, query = null, name = null, orderId = null, decisionId = null;
        string[]? categories = null;
        decimal? value = null;
        int? quantity = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var property = Property(ref reader, names, options.PropertyNameCaseInsensitive);
            reader.Read();
            switch (property)
            {
                case Field.Type: type = types.Read(ref reader, typeof(EventType), options); break;
                case Field.Timestamp: timestamp = times.Read(ref reader, typeof(DateTimeOffset), options); break;
                case Field.ItemId: itemId = ReadPooled(ref reader); break;
                case Field.Categories: categories = ReadStrings(ref reader); break;
                case Field.Brand: brand = ReadPooled(ref reader); break;
                case Field.Value: value = ReadDecimal(ref reader); break;
                case Field.Quantity: quantity = ReadInt(ref reader); break;
                case Field.Query: query = reader.GetString(); break;
                case Field.Name: name = reader.GetString(); break;
                case Field.OrderId: orderId = reader.GetString(); break;
                case Field.DecisionId: decisionId = reader.GetString(); break;
                default: reader.Skip(); break;
            }
        }

        return new BehaviourEvent(type, timestamp, itemId, categories, brand, value, quantity, query, name, orderId, decisionId);
    }

    private static Field Property(ref Utf8JsonReader reader, Name[] names, bool caseInsensitive)
    {
        foreach (var name in names)
        {
            if (reader.ValueTextEquals(name.Utf8))
            {
                return name.Field;
            }
        }

        if (caseInsensitive)
        {
            var text = reader.GetString();
            foreach (var name in names)
            {
                if (string.Equals(text, name.Text, StringComparison.OrdinalIgnoreCase))
                {
                    return name.Field;
                }
            }
        }

        return Field.Unknown;
    }

    private static string[]? ReadStrings(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartArray);
        string? first = null, second = null;
        List<string>? more = null;
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var category = ReadPooled(ref reader) ?? throw new JsonException("A category is null.");
            switch (count++)
            {
                case 0: first = category; break;
                case 1: second = category; break;
                default: (more ??= []).Add(category); break;
            }
        }

        // Events name one or two categories as a rule: an array of the exact size, no list grown for them.
        return count switch
        {
            0 => [],
            1 => [first!],
            2 => [first!, second!],
            _ => [first!, second!, .. more!],
        };
    }

    /// <summary>A string value from the shared pool: read from the JSON's own bytes when it has no escapes (the
    /// pool decodes them on the stack), through <see cref="Utf8JsonReader.GetString"/> otherwise.</summary>
    private static string? ReadPooled(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        return reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence
            ? StringPool.Shared.Intern(reader.ValueSpan)
            : StringPool.Shared.Intern(reader.GetString());
    }

    private static decimal? ReadDecimal(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => decimal.Parse(reader.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => reader.GetDecimal(),
    };

    private static int? ReadInt(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => int.Parse(reader.GetString()!, NumberStyles.Integer, CultureInfo.InvariantCulture),
        _ => reader.GetInt32(),
    };

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (reader.TokenType != token)
        {
            throw new JsonException($"Expected {token} in the stored events, found {reader.TokenType}.");
        }
    }

    private enum Field
    {
        Unknown,
        Type,
        Timestamp,
        ItemId,
        Categories,
        Brand,
        Value,
        Quantity,
        Query,
        Name,
        OrderId,
        DecisionId,
    }

    private sealed record Name(Field Field, string Text, byte[] Utf8);

    // The names the serializer writes under these options (camelCase for the web defaults), in the order it writes
    // them, computed once per options and looked up once per list of events.
    private static readonly ConditionalWeakTable<JsonSerializerOptions, Name[]> NamesByOptions = [];

    private static Name[] Names(JsonSerializerOptions options) =>
        NamesByOptions.GetValue(options, static o => [.. Enum.GetValues<Field>().Where(f => f != Field.Unknown).Select(f =>
        {
            var text = o.PropertyNamingPolicy?.ConvertName(f.ToString()) ?? f.ToString();
            return new Name(f, text, System.Text.Encoding.UTF8.GetBytes(text));
        })]);
}
