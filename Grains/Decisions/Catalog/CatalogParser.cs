using System.Text.Json;
using PersoActors.Grains.Interfaces.Decisions;
using PersoActors.Grains.Json;

namespace PersoActors.Grains.Decisions;

/// <summary>Parses catalog uploads: a JSON batch (<c>{"items":[…]}</c> or a bare array) or JSONL (one item per line).
/// Every item is parsed and validated; errors name the item index or line number.</summary>
public static class CatalogParser
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        AllowDuplicateProperties = false,
    };

    /// <summary>Parses and validates a JSON batch; throws <see cref="DecisionValidationException"/> listing every problem.</summary>
    public static IReadOnlyList<CatalogItem> ParseBatch(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new DecisionValidationException([new FieldError("body", $"Not valid JSON: {ex.Message}")]);
        }

        using (document)
        {
            var array = document.RootElement;
            if (array.ValueKind == JsonValueKind.Object && array.TryGetProperty("items", out var inner))
            {
                // Items' own duplicate members are reported per item, below; a second list would be ambiguous.
                if (array.EnumerateObject().Count(p => p.NameEquals("items")) > 1)
                {
                    throw new DecisionValidationException([new FieldError("items", "Given more than once.")]);
                }

                array = inner;
            }

            if (array.ValueKind != JsonValueKind.Array)
            {
                throw new DecisionValidationException([new FieldError("items", "Expected an array of items (or an object with an 'items' array).")]);
            }

            var items = new List<CatalogItem?>(array.GetArrayLength());
            var errors = new List<FieldError>();
            var index = 0;
            foreach (var element in array.EnumerateArray())
            {
                items.Add(Deserialize(element.GetRawText(), $"items[{index}]", errors));
                index++;
            }

            return Finish(items, errors, i => $"items[{i}]");
        }
    }

    /// <summary>Parses and validates JSONL (blank lines are skipped); errors read <c>line N: field</c>.</summary>
    public static IReadOnlyList<CatalogItem> ParseJsonLines(TextReader reader)
    {
        var items = new List<CatalogItem?>();
        var lines = new List<int>();
        var errors = new List<FieldError>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            items.Add(Deserialize(line, $"line {lineNumber}", errors));
            lines.Add(lineNumber);
        }

        return Finish(items, errors, i => $"line {lines[i]}");
    }

    private static CatalogItem? Deserialize(string json, string location, List<FieldError> errors)
    {
        try
        {
            var item = JsonSerializer.Deserialize<CatalogItem>(json, Json);
            if (item is null)
            {
                errors.Add(new FieldError(location, "An item object is required."));
            }

            return item;
        }
        catch (JsonException ex)
        {
            var path = ex.Path is { Length: > 1 } p ? p[1..] : "";
            errors.Add(new FieldError(location + path, JsonErrors.Describe(ex, Json, typeof(CatalogItem))));
            return null;
        }
    }

    private static IReadOnlyList<CatalogItem> Finish(List<CatalogItem?> items, List<FieldError> errors, Func<int, string> location)
    {
        if (items.Count == 0 && errors.Count == 0)
        {
            errors.Add(new FieldError("items", "At least one item is required."));
        }

        // Items that failed to parse are already reported; validate the rest for field rules and duplicates.
        var parsed = items.Select((item, i) => (item, i)).Where(p => p.item is not null).ToList();
        errors.AddRange(CatalogValidator.Validate(parsed.Select(p => p.item).ToList(), i => location(parsed[i].i)));
        if (errors.Count > 0)
        {
            throw new DecisionValidationException(errors);
        }

        return items!;
    }
}
