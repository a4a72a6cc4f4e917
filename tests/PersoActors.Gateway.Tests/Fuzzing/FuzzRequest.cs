using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PersoActors.Gateway.Tests.Infrastructure;

namespace PersoActors.Gateway.Tests.Fuzzing;

/// <summary>One generated request, and the check every answer must pass: 2xx, or a 4xx problem+json (naming the field
/// for 400 and 413); never 5xx.</summary>
public sealed record FuzzRequest(
    string Method,
    string Path,
    Caller Caller,
    byte[]? Body,
    string[]? ContentType,
    string DefaultContentType,
    (string Name, string[] Values)[] Headers)
{
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), Path);
        message.Headers.TryAddWithoutValidation("X-Api-Key", Caller == Caller.Admin ? GatewayFactory.AdminKey : GatewayFactory.SiteKey);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            message.Content.Headers.Remove("Content-Type");
            foreach (var type in ContentType ?? [DefaultContentType])
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", type);
            }
        }

        foreach (var (name, values) in Headers)
        {
            if (name.Equals("X-Api-Key", StringComparison.OrdinalIgnoreCase))
            {
                message.Headers.Remove(name);
            }

            if (!message.Headers.TryAddWithoutValidation(name, values))
            {
                message.Content ??= new ByteArrayContent([]);
                message.Content.Headers.TryAddWithoutValidation(name, values);
            }
        }

        return message;
    }

    /// <summary>Sends the request and checks the answer; returns it (status, body) for models.</summary>
    public async Task<(int Status, string Text)> SendAndCheckAsync(HttpClient client)
    {
        using var message = ToMessage();
        using var response = await client.SendAsync(message).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (status >= 500 || status < 200 || (status >= 300 && status < 400))
        {
            throw new FuzzFailure($"answered {status}", this, text);
        }

        if (status >= 400 && Method != "HEAD")
        {
            CheckProblem(status, response.Content.Headers.ContentType, text);
        }

        return (status, text);
    }

    public override string ToString()
    {
        var body = Body is null ? "(none)" : Printable(Body);
        var headers = string.Join("; ", Headers.Select(h => $"{Cut(h.Name, 60)}: {Cut(string.Join(",", h.Values), 60)}"));
        return $"{Method} {Cut(Path, 300)} as {Caller}, content-type [{string.Join(", ", ContentType ?? [DefaultContentType])}], headers [{headers}], body {body}";
    }

    private void CheckProblem(int status, MediaTypeHeaderValue? type, string text)
    {
        if (type?.MediaType != "application/problem+json")
        {
            throw new FuzzFailure($"answered {status} as {type?.MediaType ?? "no content type"}, not problem+json", this, text);
        }

        JsonElement problem;
        try
        {
            problem = JsonDocument.Parse(text).RootElement;
        }
        catch (JsonException)
        {
            throw new FuzzFailure($"answered {status} with a problem that is not JSON", this, text);
        }

        if (!problem.TryGetProperty("status", out var s) || s.GetInt32() != status)
        {
            throw new FuzzFailure($"answered {status} with a problem whose status differs", this, text);
        }

        // The API's own words, never a .NET type's name: one in the detail means a serializer's error escaped translation.
        if (problem.TryGetProperty("detail", out var detail) && detail.GetString() is { } said
            && (said.Contains("System.", StringComparison.Ordinal) || said.Contains("PersoActors.", StringComparison.Ordinal)))
        {
            throw new FuzzFailure($"answered {status} with the runtime's words instead of the API's", this, text);
        }

        if (status is 400 or 413)
        {
            if (!problem.TryGetProperty("field", out var field) || field.GetString() is not { Length: > 0 } name
                || !problem.TryGetProperty("errors", out var errors) || !errors.TryGetProperty(name, out _))
            {
                throw new FuzzFailure($"answered {status} without naming the field", this, text);
            }
        }
    }

    private static string Printable(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 400));
        return $"{body.Length} bytes: {text}{(body.Length > 400 ? "…" : "")}";
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : $"{text[..length]}…({text.Length} chars)";
}

/// <summary>A generated request got a wrong answer.</summary>
public sealed class FuzzFailure(string what, FuzzRequest request, string answer)
    : Exception($"{what}\n  request: {request}\n  answer: {(answer.Length > 1500 ? answer[..1500] + "…" : answer)}");
