using System.Text;
using System.Text.Json;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Grains.Interfaces.Decisions;
using PersoActors.Grains.Interfaces.Orchestration;

namespace PersoActors.Grains.Orchestration;

/// <summary>The JSON body a triggered message is posted with: its ids and channel, then what the trigger's payload asks
/// for (the cart, recommended items, an offer code, fixed data).</summary>
internal static class TriggerMessageBody
{
    public static string Write(OutboxMessage message, string customerId, TriggerPayload payload, CartView? cart,
        IReadOnlyList<RecommendedItem> recommendations)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("messageId", message.Id);
            json.WriteString("triggerId", message.TriggerId);
            json.WriteString("decisionId", message.DecisionId);
            json.WriteString("customerId", customerId);
            json.WriteString("channel", message.Channel);
            json.WriteString("decidedAt", message.DecidedAt);
            if (cart is not null)
            {
                WriteCart(json, cart);
            }

            if (payload.Recommendations > 0)
            {
                json.WriteStartArray("recommendations");
                foreach (var item in recommendations)
                {
                    json.WriteStartObject();
                    json.WriteString("itemId", item.ItemId);
                    json.WriteString("title", item.Title);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            if (payload.OfferCode is { } code)
            {
                json.WriteString("offerCode", code);
            }

            if (payload.Data is { Count: > 0 } data)
            {
                json.WriteStartObject("data");
                foreach (var (key, value) in data)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteCart(Utf8JsonWriter json, CartView cart)
    {
        json.WriteStartObject("cart");
        json.WriteNumber("value", cart.Value);
        json.WriteStartArray("lines");
        foreach (var line in cart.Lines)
        {
            json.WriteStartObject();
            json.WriteString("itemId", line.ItemId);
            json.WriteNumber("quantity", line.Quantity);
            if (line.UnitPrice is { } price)
            {
                json.WriteNumber("unitPrice", price);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
