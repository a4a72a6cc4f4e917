using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>Checks catalog items before anything is stored; reports every problem, not only the first.</summary>
public static class CatalogValidator
{
    public const int MaxIdLength = 128;
    public const int MaxTitleLength = 512;
    public const int MaxNameLength = 128;
    public const int MaxListLength = 32;
    public const int MaxBatch = 200_000;

    /// <summary>Validates a batch; <paramref name="location"/> names item i in errors (e.g. <c>items[3]</c> or <c>line 4</c>).</summary>
    public static List<FieldError> Validate(IReadOnlyList<CatalogItem?> items, Func<int, string>? location = null)
    {
        location ??= i => $"items[{i}]";
        var errors = new List<FieldError>();
        if (items.Count > MaxBatch)
        {
            errors.Add(new FieldError("items", $"At most {MaxBatch} items per upload (got {items.Count})."));
            return errors;
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var at = location(i);
            if (items[i] is not { } item)
            {
                errors.Add(new FieldError(at, "An item object is required."));
                continue;
            }

            ValidateItem(item, at, errors);
            if (!string.IsNullOrWhiteSpace(item.Id) && !seen.TryAdd(item.Id, i))
            {
                errors.Add(new FieldError($"{at}.id", $"Duplicate id '{item.Id}' (also at {location(seen[item.Id])})."));
            }
        }

        return errors;
    }

    /// <summary>Throws <see cref="DecisionValidationException"/> when the batch is empty or invalid.</summary>
    public static void ThrowIfInvalid(IReadOnlyList<CatalogItem?>? items)
    {
        if (items is null || items.Count == 0)
        {
            throw new DecisionValidationException([new FieldError("items", "At least one item is required.")]);
        }

        var errors = Validate(items);
        if (errors.Count > 0)
        {
            throw new DecisionValidationException(errors);
        }
    }

    private static void ValidateItem(CatalogItem item, string at, List<FieldError> errors)
    {
        Text(item.Id, $"{at}.id", MaxIdLength, errors);
        Text(item.Title, $"{at}.title", MaxTitleLength, errors);
        if (item.Categories is null || item.Categories.Count == 0)
        {
            errors.Add(new FieldError($"{at}.categories", "At least one category is required."));
        }
        else
        {
            Names(item.Categories, $"{at}.categories", errors);
        }

        if (item.Brand is not null)
        {
            Text(item.Brand, $"{at}.brand", MaxNameLength, errors);
        }

        Names(item.Tags, $"{at}.tags", errors);
        Names(item.Attributes, $"{at}.attributes", errors);
        if (item.Price < 0)
        {
            errors.Add(new FieldError($"{at}.price", "Must be zero or more."));
        }

        if (item.Stock is < 0)
        {
            errors.Add(new FieldError($"{at}.stock", "Must be zero or more (or omitted when not tracked)."));
        }
    }

    private static void Names(IReadOnlyList<string>? names, string field, List<FieldError> errors)
    {
        if (names is null)
        {
            return;
        }

        if (names.Count > MaxListLength)
        {
            errors.Add(new FieldError(field, $"At most {MaxListLength} entries."));
            return;
        }

        for (var i = 0; i < names.Count; i++)
        {
            Text(names[i], $"{field}[{i}]", MaxNameLength, errors);
        }
    }

    private static void Text(string? value, string field, int maxLength, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new FieldError(field, "Required and must not be blank."));
        }
        else if (value.Length > maxLength)
        {
            errors.Add(new FieldError(field, $"At most {maxLength} characters."));
        }
        else if (value.Any(char.IsControl))
        {
            errors.Add(new FieldError(field, "Must not contain control characters."));
        }
    }
}
