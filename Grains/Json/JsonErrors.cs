using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PersoActors.Grains.Json;

/// <summary>System.Text.Json's errors in the words of the API: what was wrong and, for a value of the wrong kind, what
/// to send instead ("an integer", "an array of strings") — found from the target type's serialization contract and the
/// error's JSON path, because the error itself names the record being built (or a .NET type), not what the client
/// should write.</summary>
public static class JsonErrors
{
    /// <summary>The message for <paramref name="error"/>, raised while reading <paramref name="target"/> with
    /// <paramref name="options"/> (it names no field: the caller names it from <see cref="JsonException.Path"/>).</summary>
    public static string Describe(JsonException error, JsonSerializerOptions options, Type target)
    {
        var message = error.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut];
        }

        if (IsBadUtf8(error))
        {
            return "Invalid value: not valid UTF-8.";
        }

        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return "Unknown property.";
        }

        if (message.StartsWith("Duplicate propert", StringComparison.Ordinal))
        {
            return "Given more than once.";
        }

        const string Missing = "missing required properties including: ";
        if (message.IndexOf(Missing, StringComparison.Ordinal) is var missing and >= 0)
        {
            return $"Required: {message[(missing + Missing.Length)..].TrimEnd('.')}.";
        }

        if (message.Contains("doesn't allow null values", StringComparison.Ordinal))
        {
            return "Must not be null.";
        }

        if (!message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return "Malformed JSON: " + message;
        }

        return ExpectedOrNull(options, target, error.Path) is { } expected ? $"Invalid value: expected {expected}." : "Invalid value.";
    }

    // The reader only finds a string's broken UTF-8 when the string is decoded, and reports it as a conversion error.
    private static bool IsBadUtf8(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
        {
            if (error is System.Text.DecoderFallbackException)
            {
                return true;
            }
        }

        return false;
    }

    // Describing an error must never fail the request a second time.
    private static string? ExpectedOrNull(JsonSerializerOptions options, Type root, string? path)
    {
        try
        {
            return Expected(options, root, path);
        }
        catch (Exception error) when (error is NotSupportedException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The words for the member at <paramref name="path"/> (<c>$.events[0].timestamp</c>) of
    /// <paramref name="root"/>; null when the path leads to no member.</summary>
    private static string? Expected(JsonSerializerOptions options, Type root, string? path)
    {
        var type = root;
        foreach (var segment in Segments(path ?? "$"))
        {
            var info = options.GetTypeInfo(type);
            var next = segment is null || info.Kind == JsonTypeInfoKind.Dictionary
                ? info.ElementType
                : info.Properties.FirstOrDefault(p => string.Equals(p.Name, segment, StringComparison.OrdinalIgnoreCase))?.PropertyType;
            if (next is null)
            {
                return null;
            }

            type = next;
        }

        return Of(options, type);
    }

    private static string Of(JsonSerializerOptions options, Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            return "one of " + string.Join(", ", Enum.GetNames(type).Select(JsonNamingPolicy.SnakeCaseLower.ConvertName));
        }

        switch (Type.GetTypeCode(type))
        {
            case TypeCode.String:
                return "a string";
            case TypeCode.Boolean:
                return "true or false";
            case TypeCode.Int32:
                return $"an integer from {int.MinValue} to {int.MaxValue}";
            case TypeCode.Byte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64:
                return "an integer";
            case TypeCode.Single or TypeCode.Double or TypeCode.Decimal:
                return "a number";
        }

        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            return "an ISO 8601 timestamp such as 2025-06-01T12:00:00Z";
        }

        if (type == typeof(TimeSpan))
        {
            return "a duration such as 00:30:00";
        }

        var info = options.GetTypeInfo(type);
        return info.Kind switch
        {
            JsonTypeInfoKind.Enumerable => "an array of " + Plural(Of(options, info.ElementType!)),
            JsonTypeInfoKind.Dictionary => info.ElementType == typeof(string) ? "an object of string values" : "an object",
            JsonTypeInfoKind.Object => "a JSON object",
            _ => "a JSON value",
        };
    }

    private static string Plural(string words) => words switch
    {
        "a string" => "strings",
        _ when words.StartsWith("an integer", StringComparison.Ordinal) => "integers",
        "a number" => "numbers",
        "a JSON object" => "objects",
        _ => "values",
    };

    /// <summary>The path's steps: a member name, or null for an array index (<c>$.a[0]['b.c']</c> → a, null, b.c).</summary>
    private static IEnumerable<string?> Segments(string path)
    {
        var at = path.StartsWith('$') ? 1 : 0;
        while (at < path.Length)
        {
            if (path[at] == '.')
            {
                var end = path.IndexOfAny(['.', '['], at + 1);
                end = end < 0 ? path.Length : end;
                yield return path[(at + 1)..end];
                at = end;
            }
            else if (path.AsSpan(at).StartsWith("['"))
            {
                var end = path.IndexOf("']", at + 2, StringComparison.Ordinal);
                end = end < 0 ? path.Length : end;
                yield return path[(at + 2)..end];
                at = end + 2;
            }
            else
            {
                var end = path.IndexOf(']', at);
                yield return null;
                at = end < 0 ? path.Length : end + 1;
            }
        }
    }
}
