using System.Text.Json;
using System.Text.Json.Serialization;

namespace PersoActors.Runtime;

/// <summary>The JSON settings used for grain state and call payloads. JSON tolerates added and
/// unknown fields, so state written by an older or newer version still loads.</summary>
public sealed class GrainSerializerOptions
{
    /// <summary>The serializer options; add source-generated contexts to its resolver chain for speed.</summary>
    public JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}
