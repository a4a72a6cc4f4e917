using System.Text.Json;
using System.Text.Json.Serialization;

namespace PersoActors.Bench.Alternative;

/// <summary>How the stateless service writes customers to Redis: the same JSON settings the grains' state is stored
/// with (web defaults, nulls omitted, enums as snake_case strings), so both designs serialize the same bytes.</summary>
public static class StoreJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}
