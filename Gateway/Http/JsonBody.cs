using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace PersoActors.Gateway.Http;

/// <summary>Reads a JSON request body with a size limit and turns every failure into a problem
/// naming the field: malformed JSON, a value of the wrong type, an unknown property → 400; a body
/// over the limit → 413.</summary>
public static partial class JsonBody
{
    public const long DefaultLimit = 64 * 1024;
    public const long EventBatchLimit = 1024 * 1024;

    /// <summary>Strict request options: unknown properties are errors, enums are snake_case strings.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    public static async Task<BodyResult<T>> ReadAsync<T>(HttpRequest request, long limit = DefaultLimit) where T : class
    {
        if (request.ContentLength > limit)
        {
            return new(null, ApiProblems.TooLarge(limit));
        }

        var buffer = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (true)
            {
                var read = await request.Body.ReadAsync(buffer.GetMemory(8192), request.HttpContext.RequestAborted);
                if (read == 0)
                {
                    break;
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > limit)
                {
                    return new(null, ApiProblems.TooLarge(limit));
                }
            }
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new(null, ApiProblems.TooLarge(limit));
        }

        if (buffer.WrittenCount == 0)
        {
            return new(null, ApiProblems.Invalid("body", "A JSON body is required."));
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.WrittenSpan, Options);
            return value is null
                ? new(null, ApiProblems.Invalid("body", "The body must be a JSON object, not null."))
                : new(value, null);
        }
        catch (JsonException error)
        {
            return new(null, ApiProblems.Invalid(FieldOf(error.Path), Describe(error)));
        }
    }

    /// <summary><c>$.events[3].type</c> → <c>events[3].type</c>; the root → <c>body</c>.</summary>
    public static string FieldOf(string? path)
    {
        var field = path is null ? "" : path.TrimStart('$').TrimStart('.');
        return field.Length == 0 ? "body" : field;
    }

    private static string Describe(JsonException error)
    {
        var message = error.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut];
        }

        if (error.InnerException is null && message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return "Unknown property. " + message;
        }

        return TypeName().Replace(message, m => m.Groups["name"].Value switch
        {
            "DateTimeOffset" => "an ISO 8601 timestamp",
            "Decimal" or "Int32" or "Double" => "a number",
            "String" => "a string",
            var other => other,
        });
    }

    [GeneratedRegex(@"(System\.Nullable`1\[)?System\.(Collections\.Generic\.)?(?<name>\w+)(`\d\[[^\]]*\])?\]?")]
    private static partial Regex TypeName();
}

/// <summary>A parsed body or the problem to answer instead.</summary>
public readonly record struct BodyResult<T>(T? Value, IResult? Problem) where T : class;
