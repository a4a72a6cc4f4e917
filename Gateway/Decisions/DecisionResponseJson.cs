using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Gateway.Decisions;

/// <summary>Source-generated writer for the recommendation answer, the hottest response of the gateway: the
/// generated fast path writes it without the reflection-based converters (the same JSON as the gateway's
/// options: web defaults, nulls left out; the response has no enums).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RecommendationsResponse))]
internal sealed partial class DecisionResponseJson : JsonSerializerContext
{
    /// <summary>The recommendation answer as the gateway writes it: <see cref="RecommendationsJsonWriter"/> (lists by
    /// index), with this context's options. Built on first use: the generated part's static initializers may run after
    /// this part's.</summary>
    public static JsonTypeInfo<RecommendationsResponse> Recommendations =>
        recommendations ??= JsonMetadataServices.CreateValueInfo<RecommendationsResponse>(Default.Options, new RecommendationsJsonWriter());

    private static JsonTypeInfo<RecommendationsResponse>? recommendations;
}
