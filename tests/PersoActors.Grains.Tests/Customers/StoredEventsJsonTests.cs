using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Storage;

namespace PersoActors.Grains.Tests.Customers;

/// <summary>A stored profile's events read by the hand-written reader come back exactly as System.Text.Json's own path
/// reads them, from what either wrote; what is written does not change.</summary>
public sealed class StoredEventsJsonTests
{
    private static readonly JsonSerializerOptions Storage = GrainStateJsonSerializer.CreateOptions();

    private static readonly BehaviourEvent[] Varied =
    [
        new(EventType.View, new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero), "item-1", ["shoes", "red \"quoted\" ünïcode"], "Acme"),
        new(EventType.AddToCart, new DateTimeOffset(2026, 3, 1, 10, 1, 0, TimeSpan.Zero), "item-2", [], null, 12.345m, 3),
        new(EventType.Purchase, new DateTimeOffset(2026, 3, 1, 10, 2, 0, TimeSpan.FromHours(2)), "item-2", null, "Acme", 37.5m, 1, OrderId: "order-1", DecisionId: "d-1"),
        new(EventType.Search, new DateTimeOffset(2026, 3, 1, 10, 3, 0, TimeSpan.Zero), Query: "red\nshoes\u0001"),
        new(EventType.Custom, new DateTimeOffset(2026, 3, 1, 10, 4, 0, TimeSpan.Zero), Name: "wishlist", Value: 0m, Quantity: 0),
        new(EventType.EmailOpen, default),
        new(EventType.View, new DateTimeOffset(2026, 3, 1, 10, 5, 0, TimeSpan.Zero), "item-3", ["a", "b", "c", "d"], "Globex"),
    ];

    [Fact]
    public void Events_written_by_the_serializer_read_back_exactly_and_are_written_unchanged()
    {
        var written = JsonSerializer.Serialize(new Plain(Varied), Storage);

        var snapshot = JsonSerializer.Deserialize<CustomerSnapshot>(written, Storage)!;

        Assert.Equal(written, JsonSerializer.Serialize(new Plain(snapshot.Events), Storage));
        Assert.Equal(EventsText(written), EventsText(JsonSerializer.Serialize(new CustomerSnapshot { Events = snapshot.Events }, Storage)));
    }

    [Fact]
    public void Names_in_any_case_numbers_as_strings_and_unknown_properties_are_read_as_the_serializer_reads_them()
    {
        const string json = """
            {"events":[{"TYPE":"add_to_cart","Timestamp":"2026-03-01T10:00:00+00:00","itemid":"item-1","extra":{"nested":[1,{"a":null}]},
            "value":"12.50","quantity":"2","categories":["a"],"unknown":[["x"]]}]}
            """;

        var ours = JsonSerializer.Deserialize<CustomerSnapshot>(json, Storage)!.Events;
        var theirs = JsonSerializer.Deserialize<Plain>(json, Storage)!.Events;

        Assert.Equal(JsonSerializer.Serialize(new Plain(theirs), Storage), JsonSerializer.Serialize(new Plain(ours), Storage));
        Assert.Equal((EventType.AddToCart, 12.50m, 2), (ours[0].Type, ours[0].Value, ours[0].Quantity));
    }

    [Fact]
    public void Item_ids_categories_and_brands_read_from_a_stored_profile_are_the_shared_strings()
    {
        var written = JsonSerializer.Serialize(new Plain(Varied), Storage);

        var first = JsonSerializer.Deserialize<CustomerSnapshot>(written, Storage)!.Events;
        var second = JsonSerializer.Deserialize<CustomerSnapshot>(written, Storage)!.Events;

        Assert.Same(first[0].ItemId, second[0].ItemId);
        Assert.Same(first[0].Brand, second[0].Brand);
        Assert.Same(first[6].Categories![3], second[6].Categories![3]);
        // Escaped in the JSON: read through the serializer, then pooled all the same.
        Assert.Same(first[0].Categories![1], second[0].Categories![1]);
        Assert.Same(StringPool.Shared.Intern("item-3"), second[6].ItemId);
    }

    [Fact]
    public void Encoded_events_are_stored_as_their_journal_entry_in_Base64_and_read_back_as_such()
    {
        var entry = EventJournal.Encode(Varied);

        var written = JsonSerializer.Serialize(new CustomerSnapshot { Events = new EncodedEvents(entry) }, Storage);
        var read = JsonSerializer.Deserialize<CustomerSnapshot>(written, Storage)!.Events;

        Assert.Equal(Convert.ToBase64String(entry), JsonDocument.Parse(written).RootElement.GetProperty("events").GetString());
        Assert.Equal(entry, Assert.IsType<EncodedEvents>(read).Entry);
        Assert.Equal(JsonSerializer.Serialize(new Plain(EventJournal.Decode(entry)), Storage), JsonSerializer.Serialize(new Plain(read), Storage));
        Assert.Equal("order-1", read[2].OrderId);
    }

    [Fact]
    public void A_reader_that_expects_the_events_as_an_array_refuses_encoded_ones_instead_of_reading_none()
    {
        // What a build from before the encoded form does with such a record: it must not take it as a profile without
        // events (and write it back so).
        var written = JsonSerializer.Serialize(new CustomerSnapshot { Events = new EncodedEvents(EventJournal.Encode(Varied)) }, Storage);

        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<Plain>(written, Storage));
    }

    [Fact]
    public void Encoded_events_cross_a_grain_call_as_their_journal_entry()
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var entry = EventJournal.Encode(Varied);

        var copy = serializer.Deserialize<CustomerSnapshot>(serializer.SerializeToArray(new CustomerSnapshot { Events = new EncodedEvents(entry) }))!;

        Assert.Equal(entry, Assert.IsType<EncodedEvents>(copy.Events).Entry);
        Assert.Equal(Varied.Length, copy.Events.Count);
    }

    [Theory]
    [InlineData("""{"events":"not Base64!"}""")]
    [InlineData("""{"events":{"type":"view"}}""")]
    [InlineData("""{"events":[["view"]]}""")]
    [InlineData("""{"events":[{"type":"no_such_type"}]}""")]
    [InlineData("""{"events":[{"categories":[null]}]}""")]
    [InlineData("""{"events":[{"quantity":1.5}]}""")]
    public void Malformed_events_are_refused(string json) =>
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<CustomerSnapshot>(json, Storage));

    private static string EventsText(string json) => JsonDocument.Parse(json).RootElement.GetProperty("events").GetRawText();

    /// <summary>The same property without the converter: what System.Text.Json does by itself.</summary>
    private sealed record Plain(IReadOnlyList<BehaviourEvent> Events);
}
