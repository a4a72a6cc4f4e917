using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>Validates a <see cref="RuleCondition"/> and compiles it to a predicate. A leaf whose fact is
/// absent (e.g. <c>rfm.recency_days</c> without orders) is false, except <c>exists</c> which tests presence.</summary>
public static class ConditionCompiler
{
    private const int MaxDepth = 16;

    /// <summary>Compiles a condition; null means "always true". Throws <see cref="DecisionValidationException"/>.</summary>
    public static Func<FactSet, bool> Compile(RuleCondition? condition, string field, bool allowSegments = true)
    {
        var errors = new List<FieldError>();
        var predicate = condition is null ? (_ => true) : Compile(condition, field, allowSegments, 0, errors);
        if (errors.Count > 0)
        {
            throw new DecisionValidationException(errors);
        }

        return predicate;
    }

    /// <summary>Collects every problem of a condition into <paramref name="errors"/>.</summary>
    public static void Validate(RuleCondition? condition, string field, bool allowSegments, List<FieldError> errors)
    {
        if (condition is not null)
        {
            Compile(condition, field, allowSegments, 0, errors);
        }
    }

    private static Func<FactSet, bool> Compile(RuleCondition c, string field, bool allowSegments, int depth, List<FieldError> errors)
    {
        static Func<FactSet, bool> Never() => _ => false;
        if (depth > MaxDepth)
        {
            errors.Add(new FieldError(field, $"Conditions nest at most {MaxDepth} levels."));
            return Never();
        }

        var forms = (c.All is not null ? 1 : 0) + (c.Any is not null ? 1 : 0) + (c.Not is not null ? 1 : 0) + (c.Fact is not null ? 1 : 0);
        if (forms != 1)
        {
            errors.Add(new FieldError(field, "Exactly one of 'all', 'any', 'not' or 'fact' is required."));
            return Never();
        }

        if (c.All is { } all)
        {
            var parts = all.Select((child, i) => Compile(child, $"{field}.all[{i}]", allowSegments, depth + 1, errors)).ToArray();
            return facts => parts.All(p => p(facts));
        }

        if (c.Any is { } any)
        {
            if (any.Count == 0)
            {
                errors.Add(new FieldError($"{field}.any", "Needs at least one condition."));
            }

            var parts = any.Select((child, i) => Compile(child, $"{field}.any[{i}]", allowSegments, depth + 1, errors)).ToArray();
            return facts => parts.Any(p => p(facts));
        }

        if (c.Not is { } not)
        {
            var inner = Compile(not, $"{field}.not", allowSegments, depth + 1, errors);
            return facts => !inner(facts);
        }

        return CompileLeaf(c, field, allowSegments, errors) ?? Never();
    }

    private static Func<FactSet, bool>? CompileLeaf(RuleCondition c, string field, bool allowSegments, List<FieldError> errors)
    {
        var fact = FactCatalog.Find(c.Fact!);
        if (fact is null)
        {
            errors.Add(new FieldError($"{field}.fact", $"Unknown fact '{c.Fact}'. See docs/decisions.md for the list."));
            return null;
        }

        if (!allowSegments && fact.Kind == FactKind.Set)
        {
            errors.Add(new FieldError($"{field}.fact", "Segment definitions cannot depend on other segments."));
            return null;
        }

        var op = c.Op ?? "";
        var read = fact.Read;
        if (op == "exists")
        {
            if (c.Value is { } v && v.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                errors.Add(new FieldError($"{field}.value", "'exists' takes true or false (default true)."));
                return null;
            }

            var expected = c.Value is not { ValueKind: JsonValueKind.False };
            return facts => Present(read(facts)) == expected;
        }

        if (c.Value is not { } value)
        {
            errors.Add(new FieldError($"{field}.value", $"Operator '{op}' needs a value."));
            return null;
        }

        // The value is kept as raw JSON, so its strings' bytes were never decoded: a broken one is refused here
        // rather than failing when the rule is first read.
        if (!Utf8.IsValid(JsonMarshal.GetRawUtf8Value(value)))
        {
            errors.Add(new FieldError($"{field}.value", "Invalid value: not valid UTF-8."));
            return null;
        }

        switch (fact.Kind)
        {
            case FactKind.Number:
                if (value.ValueKind != JsonValueKind.Number)
                {
                    errors.Add(new FieldError($"{field}.value", $"Fact '{fact.Name}' is a number; the value must be a number."));
                    return null;
                }

                var number = value.GetDouble();
                Func<double, bool>? compare = op switch
                {
                    "eq" => x => x == number,
                    "neq" => x => x != number,
                    "gt" => x => x > number,
                    "gte" => x => x >= number,
                    "lt" => x => x < number,
                    "lte" => x => x <= number,
                    _ => null,
                };
                if (compare is null)
                {
                    return BadOp(fact, op, "eq, neq, gt, gte, lt, lte, exists", field, errors);
                }

                return facts => read(facts) is double x && compare(x);

            case FactKind.Text:
                if (op is "eq" or "neq")
                {
                    if (value.ValueKind != JsonValueKind.String)
                    {
                        errors.Add(new FieldError($"{field}.value", $"Fact '{fact.Name}' is text; the value must be a string."));
                        return null;
                    }

                    var text = value.GetString()!;
                    var equal = op == "eq";
                    return facts => read(facts) is string s && string.Equals(s, text, StringComparison.OrdinalIgnoreCase) == equal;
                }

                if (op is "in" or "not_in")
                {
                    if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
                    {
                        errors.Add(new FieldError($"{field}.value", $"'{op}' needs an array of strings."));
                        return null;
                    }

                    var set = value.EnumerateArray().Select(e => e.GetString()!).ToHashSet(StringComparer.OrdinalIgnoreCase);
                    var inside = op == "in";
                    return facts => read(facts) is string s && set.Contains(s) == inside;
                }

                return BadOp(fact, op, "eq, neq, in, not_in, exists", field, errors);

            case FactKind.Flag:
                if (op is not ("eq" or "neq"))
                {
                    return BadOp(fact, op, "eq, neq, exists", field, errors);
                }

                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    errors.Add(new FieldError($"{field}.value", $"Fact '{fact.Name}' is true/false; the value must be a boolean."));
                    return null;
                }

                var flag = value.GetBoolean() == (op == "eq");
                return facts => read(facts) is bool b && b == flag;

            default:
                if (op is not ("contains" or "not_contains"))
                {
                    return BadOp(fact, op, "contains, not_contains, exists", field, errors);
                }

                if (value.ValueKind != JsonValueKind.String)
                {
                    errors.Add(new FieldError($"{field}.value", $"'{op}' needs a string."));
                    return null;
                }

                var member = value.GetString()!;
                var contains = op == "contains";
                return facts => read(facts) is IReadOnlySet<string> s && s.Contains(member) == contains;
        }
    }

    private static bool Present(object? value) => value switch
    {
        null => false,
        IReadOnlySet<string> set => set.Count > 0,
        _ => true,
    };

    private static Func<FactSet, bool>? BadOp(FactDefinition fact, string op, string allowed, string field, List<FieldError> errors)
    {
        errors.Add(new FieldError($"{field}.op", $"Operator '{op}' is not valid for fact '{fact.Name}'; use one of: {allowed}."));
        return null;
    }
}
