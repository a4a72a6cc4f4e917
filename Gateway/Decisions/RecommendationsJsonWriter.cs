using System.Text.Json;
using System.Text.Json.Serialization;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Gateway.Decisions;

/// <summary>Writes the recommendation answer, the gateway's hottest response, field by field in the JSON the gateway's
/// options give (camelCase, nulls left out; a test holds it byte-equal to <see cref="DecisionResponseJson"/>'s). The
/// generated writer walks every list through its interface, which boxes an enumerator per list: one per recommended
/// item's categories, about a tenth of what a recommendation request allocated. This one indexes them.</summary>
internal sealed class RecommendationsJsonWriter : JsonConverter<RecommendationsResponse>
{
    private static readonly JsonEncodedText DecisionId = JsonEncodedText.Encode("decisionId");
    private static readonly JsonEncodedText Personalized = JsonEncodedText.Encode("personalized");
    private static readonly JsonEncodedText FallbackReason = JsonEncodedText.Encode("fallbackReason");
    private static readonly JsonEncodedText Slot = JsonEncodedText.Encode("slot");
    private static readonly JsonEncodedText Items = JsonEncodedText.Encode("items");
    private static readonly JsonEncodedText Experiments = JsonEncodedText.Encode("experiments");
    private static readonly JsonEncodedText CatalogVersion = JsonEncodedText.Encode("catalogVersion");
    private static readonly JsonEncodedText ItemId = JsonEncodedText.Encode("itemId");
    private static readonly JsonEncodedText Title = JsonEncodedText.Encode("title");
    private static readonly JsonEncodedText Categories = JsonEncodedText.Encode("categories");
    private static readonly JsonEncodedText Brand = JsonEncodedText.Encode("brand");
    private static readonly JsonEncodedText Price = JsonEncodedText.Encode("price");
    private static readonly JsonEncodedText Score = JsonEncodedText.Encode("score");
    private static readonly JsonEncodedText Reason = JsonEncodedText.Encode("reason");
    private static readonly JsonEncodedText Code = JsonEncodedText.Encode("code");
    private static readonly JsonEncodedText Text = JsonEncodedText.Encode("text");
    private static readonly JsonEncodedText RelatedItemId = JsonEncodedText.Encode("relatedItemId");
    private static readonly JsonEncodedText Category = JsonEncodedText.Encode("category");

    public override RecommendationsResponse Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("The gateway only writes recommendation answers.");

    public override void Write(Utf8JsonWriter writer, RecommendationsResponse value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        WriteIfNotNull(writer, DecisionId, value.DecisionId);
        writer.WriteBoolean(Personalized, value.Personalized);
        WriteIfNotNull(writer, FallbackReason, value.FallbackReason);
        WriteIfNotNull(writer, Slot, value.Slot);
        if (value.Items is { } items)
        {
            writer.WriteStartArray(Items);
            for (var i = 0; i < items.Count; i++)
            {
                WriteItem(writer, items[i]);
            }

            writer.WriteEndArray();
        }

        if (value.Experiments is { } experiments)
        {
            // Rare and small: the generated writer is fine here.
            writer.WritePropertyName(Experiments);
            JsonSerializer.Serialize(writer, experiments, DecisionResponseJson.Default.IReadOnlyListExperimentAssignment);
        }

        writer.WriteNumber(CatalogVersion, value.CatalogVersion);
        writer.WriteEndObject();
    }

    private static void WriteItem(Utf8JsonWriter writer, RecommendedItem? item)
    {
        if (item is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        WriteIfNotNull(writer, ItemId, item.ItemId);
        WriteIfNotNull(writer, Title, item.Title);
        if (item.Categories is { } categories)
        {
            writer.WriteStartArray(Categories);
            for (var i = 0; i < categories.Count; i++)
            {
                writer.WriteStringValue(categories[i]);
            }

            writer.WriteEndArray();
        }

        WriteIfNotNull(writer, Brand, item.Brand);
        writer.WriteNumber(Price, item.Price);
        writer.WriteNumber(Score, item.Score);
        if (item.Reason is { } reason)
        {
            writer.WriteStartObject(Reason);
            WriteIfNotNull(writer, Code, reason.Code);
            WriteIfNotNull(writer, Text, reason.Text);
            WriteIfNotNull(writer, RelatedItemId, reason.RelatedItemId);
            WriteIfNotNull(writer, Category, reason.Category);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteIfNotNull(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
