using System.Buffers;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using PersoActors.Runtime.Calls;

namespace PersoActors.Runtime.Cluster.Transport;

/// <summary>JSON payloads of calls: arguments as an array typed by the method's parameter types,
/// results by its result type, exceptions as {type, message}. JSON ignores unknown fields and
/// missing trailing arguments become defaults, so peers of neighbouring versions interoperate.</summary>
internal static class PayloadCodec
{
    private static readonly ConcurrentDictionary<Type, Func<Task, object?>> ResultReaders = new();
    private static readonly ConcurrentDictionary<string, Type?> ExceptionTypes = new();

    [ThreadStatic]
    private static Utf8JsonWriter? cachedWriter;

    public static void WriteArguments(IBufferWriter<byte> output, GrainMethod method, object?[] arguments, JsonSerializerOptions json)
    {
        var writer = Writer(output);
        writer.WriteStartArray();
        for (var i = 0; i < method.ParameterTypes.Length; i++)
        {
            JsonSerializer.Serialize(writer, i < arguments.Length ? arguments[i] : null, method.ParameterTypes[i], json);
        }

        writer.WriteEndArray();
        writer.Flush();
    }

    public static object?[] ReadArguments(ReadOnlySpan<byte> payload, GrainMethod method, JsonSerializerOptions json)
    {
        var types = method.ParameterTypes;
        var arguments = new object?[types.Length];
        var reader = new Utf8JsonReader(payload);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"Arguments of {method.Name} must be a JSON array.");
        }

        var ended = false;
        for (var i = 0; i < types.Length; i++)
        {
            if (!ended && reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                arguments[i] = JsonSerializer.Deserialize(ref reader, types[i], json);
            }
            else
            {
                ended = true;
                arguments[i] = types[i].IsValueType ? Activator.CreateInstance(types[i]) : null;
            }
        }

        return arguments;
    }

    /// <summary>Writes the result of a completed, successful grain Task.</summary>
    public static void WriteResult(IBufferWriter<byte> output, GrainMethod method, Task completed, JsonSerializerOptions json)
    {
        if (method.ResultType is not { } type)
        {
            return;
        }

        var reader = ResultReaders.GetOrAdd(type, static t => typeof(PayloadCodec)
            .GetMethod(nameof(ResultOf), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(t)
            .CreateDelegate<Func<Task, object?>>());
        var writer = Writer(output);
        JsonSerializer.Serialize(writer, reader(completed), type, json);
        writer.Flush();
    }

    public static void CompleteFromResult(PendingCall pending, ReadOnlySpan<byte> payload, JsonSerializerOptions json)
    {
        if (pending.Method.ResultType is not { } type)
        {
            pending.SetResult(default(VoidResult));
            return;
        }

        pending.SetResult(JsonSerializer.Deserialize(payload, type, json));
    }

    public static void WriteError(IBufferWriter<byte> output, Exception error)
    {
        var writer = Writer(output);
        writer.WriteStartObject();
        writer.WriteString("type", error.GetType().FullName);
        writer.WriteString("message", error.Message);
        writer.WriteEndObject();
        writer.Flush();
    }

    /// <summary>Recreates the remote exception: same type when it is known here and has a
    /// (string message) constructor, otherwise a <see cref="RemoteGrainException"/>.</summary>
    public static Exception ReadError(ReadOnlySpan<byte> payload)
    {
        string type = "?", message = "";
        try
        {
            using var document = JsonDocument.Parse(payload.ToArray());
            type = document.RootElement.GetProperty("type").GetString() ?? "?";
            message = document.RootElement.GetProperty("message").GetString() ?? "";
        }
        catch (JsonException)
        {
            return new RemoteGrainException("?", "The remote silo sent an unreadable error.");
        }

        var resolved = ExceptionTypes.GetOrAdd(type, Resolve);
        if (resolved?.GetConstructor([typeof(string)]) is { } constructor)
        {
            try
            {
                return (Exception)constructor.Invoke([message]);
            }
            catch (TargetInvocationException)
            {
            }
        }

        return new RemoteGrainException(type, message);
    }

    private static Type? Resolve(string fullName) =>
        AppDomain.CurrentDomain.GetAssemblies()
            .Select(a => a.GetType(fullName, throwOnError: false))
            .FirstOrDefault(t => t is not null && typeof(Exception).IsAssignableFrom(t));

    private static object? ResultOf<T>(Task task) => ((Task<T>)task).Result;

    private static Utf8JsonWriter Writer(IBufferWriter<byte> output)
    {
        if (cachedWriter is null)
        {
            cachedWriter = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        }
        else
        {
            cachedWriter.Reset(output);
        }

        return cachedWriter;
    }
}
