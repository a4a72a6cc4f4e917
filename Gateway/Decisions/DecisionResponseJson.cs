using System.Text.Json;
using System.Text.Json.Serialization;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Gateway.Decisions;

/// <summary>Source-generated writer for the recommendation answer, the hottest response of the gateway: the
/// generated fast path writes it without the reflection-based converters (the same JSON as the gateway's
/// options: web defaults, nulls left out; the response has no enums).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RecommendationsResponse))]
internal sealed partial class DecisionResponseJson : JsonSerializerContext;
