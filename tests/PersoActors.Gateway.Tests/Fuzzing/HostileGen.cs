using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace PersoActors.Gateway.Tests.Fuzzing;

/// <summary>Generators of what browsers, bots and broken integrations send: hostile ids, mutated and malformed
/// bodies, odd content types, methods and headers.</summary>
public static class HostileGen
{
    private static readonly string[] NastyIds =
    [
        "..", ".", "...", "%00", "\u202Eevil", "💥", "é", " ", "a b", "a/b", "a\\b", "a?b", "a#b", "CON", "null",
        "-1", "\r\n", "\t", "😀😀", "\uFEFF", "a%2Fb", "%2e%2e", "../../etc/passwd", "<script>", "' OR 1=1 --", "ä½ å¥½", "ß",
        new string('a', 128), new string('a', 129), new string('x', 10_000), new string('é', 200), "A-Z_a.z:0@9",
    ];

    /// <summary>Characters from every class: ASCII, controls, Latin-1, CJK, RTL marks, zero-width, emoji (as pairs).</summary>
    private static readonly Gen<string> AnyText =
        Gen.Frequency(
                (6, Gen.Choose(0x20, 0x7E).Select(c => ((char)c).ToString())),
                (2, Gen.Choose(0x00, 0x1F).Select(c => ((char)c).ToString())),
                (2, Gen.Choose(0x80, 0x2FF).Select(c => ((char)c).ToString())),
                (1, Gen.Choose(0x4E00, 0x4E80).Select(c => ((char)c).ToString())),
                (1, Gen.Elements("\u200B", "\u200D", "\u202E", "\uFEFF", "\uFFFD", "\uFFFF")),
                (1, Gen.Elements("😀", "💥", "👩‍👩‍👧", "𝕏")))
            .ListOf()
            .Select(parts => string.Concat(parts));

    /// <summary>Customer and definition ids: valid ones, the classics of path abuse, and random text of any length.</summary>
    public static readonly Gen<string> Id = Gen.Frequency(
        (3, Gen.Fresh(() => $"fz-{Guid.NewGuid():N}")),
        (3, Gen.Elements(NastyIds)),
        (3, AnyText.Where(s => s.Length > 0)),
        (1, Gen.Choose(129, 12_000).Select(n => new string('k', n))));

    /// <summary>A path segment for <paramref name="id"/>: escaped (as a client library would), or raw percent
    /// sequences a hand-written client sends (invalid UTF-8, NUL, encoded slashes and dots).</summary>
    public static readonly Gen<string> Segment = Gen.Frequency(
        (8, Id.Where(id => !id.Contains('\0')).Select(Uri.EscapeDataString)),
        // %00 is refused by Kestrel itself (400 before the app) and cannot even be sent through the in-process
        // TestServer: SlowClientTests sends it over a real socket.
        (1, Gen.Elements("%ff%fe", "%c3%28", "%2e%2e", "..%2f..%2f", "%25", "%", "%zz", "a%2fb", "%ed%a0%80", "%e2%80%ae")));

    /// <summary>Any JSON value, nested up to a few levels.</summary>
    public static Gen<JsonNode?> JsonValue(int depth)
    {
        var scalars = Gen.Frequency<JsonNode?>(
            (1, Gen.Constant<JsonNode?>(null)),
            (1, Gen.Elements(true, false).Select(b => (JsonNode?)JsonValueOf(b))),
            (2, Gen.Choose(int.MinValue, int.MaxValue).Select(i => (JsonNode?)JsonValueOf(i))),
            (1, Gen.Elements(-1m, 0m, 1.5m, -0.0001m, 79228162514264337593543950335m, 1e-28m).Select(d => (JsonNode?)JsonValueOf(d))),
            (1, Gen.Elements(double.MaxValue, double.Epsilon, -1e300, 1e15).Select(d => (JsonNode?)JsonValueOf(d))),
            (3, AnyText.Select(s => (JsonNode?)JsonValueOf(s))),
            (1, Gen.Elements("granted", "denied", "revoked", "view", "purchase", "add_to_cart", "web", "email", "home", "", "2025-06-01T12:00:00Z", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z")
                .Select(s => (JsonNode?)JsonValueOf(s))));
        if (depth <= 0)
        {
            return scalars;
        }

        var array = JsonValue(depth - 1).ListOf().Select(items =>
        {
            var node = new JsonArray();
            foreach (var item in items.Take(8))
            {
                node.Add(item);
            }

            return (JsonNode?)node;
        });
        var obj = Gen.Zip(Gen.Elements("events", "type", "itemId", "consents", "custom", "x", "", "__proto__", "language", "items", "value"), JsonValue(depth - 1))
            .ListOf()
            .Select(pairs =>
            {
                var node = new JsonObject();
                foreach (var (key, value) in pairs.Take(8))
                {
                    node[key] = value;
                }

                return (JsonNode?)node;
            });
        return Gen.Frequency((4, scalars), (1, array), (1, obj));
    }

    /// <summary>A body for <paramref name="validBody"/>'s endpoint: the valid one, a structural mutation of it, or
    /// something malformed at the byte level.</summary>
    public static Gen<byte[]> Body(string validBody) => Gen.Frequency(
        (2, Gen.Constant(Utf8(validBody))),
        (8, Mutation(validBody).Select(Utf8)),
        (2, JsonValue(3).Select(v => Utf8(v?.ToJsonString() ?? "null"))),
        (1, Gen.Elements(64, 65, 300, 5_000, 100_000).Select(n => Utf8(new string('[', n) + new string(']', n)))),
        (1, Gen.Elements(64, 300, 5_000).Select(n => Utf8("{\"events\":" + string.Concat(Enumerable.Repeat("{\"a\":", n)) + "1" + new string('}', n) + "}"))),
        (1, Gen.Elements(1_000, 20_000).Select(n => Utf8("{\"events\":[" + string.Join(',', Enumerable.Repeat("""{"type":"view","itemId":"sku-1"}""", n)) + "]}"))),
        (1, Gen.Elements(100_000, 300_000).Select(n => Utf8("[" + string.Join(',', Enumerable.Repeat("1", n)) + "]"))),
        (1, Gen.Constant(Utf8(validBody.Length > 1 ? validBody.Insert(1, DuplicateOfFirstMember(validBody)) : validBody))),
        (1, Gen.Choose(0, Math.Max(0, validBody.Length - 1)).Select(cut => Utf8(validBody[..cut]))),
        (2, Gen.Zip(Gen.Choose(0, validBody.Length), Gen.Elements<byte[]>([0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x00], [0xE2, 0x82]))
            .Select(t => InsertBytes(Utf8(validBody), InsideString(validBody, t.Item1), t.Item2))),
        (1, Gen.Elements("", " ", "\n", "null", "[]", "\"text\"", "123", "{", "}", "{}", "{\"\":1}", "NaN", "Infinity", "{\"events\":NaN}", "{\"value\":1e400}", "\uFEFF{}")
            .Select(Utf8)),
        (1, Gen.Constant(Encoding.UTF8.GetPreamble().Concat(Utf8(validBody)).ToArray())),
        (1, Gen.Elements("1e400", "-1e400", "99999999999999999999999999999999", "1e-400", "-0", "0.1e-999", "18446744073709551616")
            .Select(n => Utf8(ReplaceNumbers(validBody, n)))));

    /// <summary>Content types: the right one mostly, or none, wrong, with an odd charset, or sent twice.</summary>
    public static readonly Gen<string[]?> ContentType = Gen.Frequency(
        (10, Gen.Constant<string[]?>(null)),
        (1, Gen.Constant<string[]?>([])),
        (1, Gen.Elements<string[]?>(["text/plain"], ["application/xml"], ["application/json; charset=utf-16"], ["application/json; charset=latin1"],
            ["multipart/form-data; boundary=x"], ["application/json", "text/plain"], ["application/json", "application/json"], ["*/*"], ["application/json;;;"],
            ["application/merge-patch+json"], ["application/x-ndjson"])));

    /// <summary>Methods, including ones no route has.</summary>
    public static readonly Gen<string> Method = Gen.Elements("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "FOO", "CONNECT");

    /// <summary>Extra headers: none mostly, or giant names and values, duplicated or odd API keys.</summary>
    public static readonly Gen<(string Name, string[] Values)[]> Headers = Gen.Frequency(
        (6, Gen.Constant(Array.Empty<(string, string[])>())),
        (1, Gen.Elements(1_000, 8_000, 40_000).Select(n => new[] { ("X-" + new string('k', n), new[] { "v" }) })),
        (1, Gen.Elements(1_000, 8_000, 40_000).Select(n => new[] { ("X-Big", new[] { new string('v', n) }) })),
        (1, Gen.Elements<(string, string[])[]>(
            [("X-Api-Key", ["dev-admin-key"])],
            [("X-Api-Key", [""])],
            [("X-Api-Key", ["dev-site-key ", "x"])],
            [("X-Api-Key", ["ключ"])],
            [("X-Api-Key", [new string('k', 10_000)])],
            [("Content-Length", ["abc"])],
            [("Accept", ["application/xml"])],
            [("Accept-Charset", ["utf-7"])],
            [("Transfer-Encoding", ["gzip"])],
            [("Idempotency-Key", [""])],
            [("Idempotency-Key", ["a", "b"])],
            [("Idempotency-Key", ["ключ"])],
            [("Idempotency-Key", [new string('k', 10_000)])],
            [("Idempotency-Key", ["\"quoted\""])])));

    private static JsonNode JsonValueOf<T>(T value) => System.Text.Json.Nodes.JsonValue.Create(value)!;

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Replaces, removes or adds one member or element somewhere in the valid body.</summary>
    private static Gen<string> Mutation(string validBody)
    {
        var paths = Paths(JsonNode.Parse(validBody)!, "").ToArray();
        var picks =
            from p in Gen.Elements(paths)
            from v in JsonValue(2)
            from h in Gen.Choose(0, 9)
            select (Path: p, Value: v, How: h);
        return picks.Select(t =>
        {
            var root = JsonNode.Parse(validBody)!;
            var (path, value, how) = t;
            var target = Navigate(root, path);
            switch (target?.Parent)
            {
                case JsonObject parent when how == 0:
                    parent.Remove(target.GetPropertyName());
                    break;
                case JsonObject parent when how == 1:
                    parent["unexpected" + how] = value;
                    break;
                case JsonArray parent when how == 2:
                    parent.Add(value?.DeepClone());
                    break;
                case JsonArray parent when how == 3:
                    for (var i = 0; i < 600; i++)
                    {
                        parent.Add(parent[0]?.DeepClone());
                    }

                    break;
                case JsonObject parent:
                    parent[target.GetPropertyName()] = value;
                    break;
                case JsonArray parent:
                    parent[target.GetElementIndex()] = value;
                    break;
                default:
                    return value?.ToJsonString() ?? "null";
            }

            return root.ToJsonString();
        });
    }

    private static IEnumerable<string> Paths(JsonNode node, string path)
    {
        yield return path;
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    foreach (var p in child is null ? [path + "/" + key] : Paths(child, path + "/" + key))
                    {
                        yield return p;
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var p in array[i] is null ? [path + "/" + i] : Paths(array[i]!, path + "/" + i))
                    {
                        yield return p;
                    }
                }

                break;
        }
    }

    private static JsonNode? Navigate(JsonNode root, string path)
    {
        var node = root;
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node switch
            {
                JsonObject obj => obj[part],
                JsonArray array => array[int.Parse(part, System.Globalization.CultureInfo.InvariantCulture)],
                _ => null,
            };
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    private static string DuplicateOfFirstMember(string validBody)
    {
        var root = JsonNode.Parse(validBody) as JsonObject;
        return root is { Count: > 0 } ? $"\"{root.First().Key}\":{{\"dup\":[1,2]}}," : "";
    }

    /// <summary>A position just after a quote, so invalid bytes land inside a JSON string when possible.</summary>
    private static int InsideString(string body, int near)
    {
        var quote = body.IndexOf('"', Math.Min(near, body.Length));
        return quote < 0 ? Math.Min(near, body.Length) : quote + 1;
    }

    private static byte[] InsertBytes(byte[] body, int at, byte[] bytes) =>
        [.. body.Take(Math.Min(at, body.Length)), .. bytes, .. body.Skip(Math.Min(at, body.Length))];

    private static string ReplaceNumbers(string body, string number) =>
        System.Text.RegularExpressions.Regex.Replace(body, @"(?<=[:\[,])\s*-?\d+(\.\d+)?(?=[,\]}])", number);
}
