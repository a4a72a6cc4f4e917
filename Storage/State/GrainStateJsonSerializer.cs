using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Storage;

namespace PersoActors.Storage;

/// <summary>Grain state as System.Text.Json UTF-8, with the settings of the home-made runtime so its records still
/// load: web defaults (camelCase, case-insensitive), nulls omitted, enums as snake_case strings. JSON tolerates added
/// and unknown fields, so state written by an older or newer version of a grain still loads.</summary>
public sealed class GrainStateJsonSerializer(JsonSerializerOptions options) : IGrainStorageSerializer
{
    /// <summary>The serializer every storage provider of this project uses unless given another one.</summary>
    public static GrainStateJsonSerializer Default { get; } = new(CreateOptions());

    /// <summary>The options in use; add source-generated contexts to a copy's resolver chain for speed.</summary>
    public JsonSerializerOptions Options { get; } = options;

    /// <summary>Fresh options with the project's defaults.</summary>
    public static JsonSerializerOptions CreateOptions() => new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <inheritdoc/>
    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, Options));

    /// <inheritdoc/>
    public T Deserialize<T>(BinaryData input) => JsonSerializer.Deserialize<T>(input.ToMemory().Span, Options)!;
}
