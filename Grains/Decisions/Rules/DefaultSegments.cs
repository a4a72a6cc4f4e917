using System.Text.Json;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>The segments a never-configured cluster starts with. Category fans (<c>fan:CATEGORY</c>) are
/// computed automatically by <see cref="SegmentEngine"/>.</summary>
public static class DefaultSegments
{
    public static IReadOnlyList<SegmentDefinition> All { get; } =
    [
        new("high_value", Leaf("rfm.monetary", "gte", 500), "High value", "Spent 500 or more."),
        new("loyal", Leaf("rfm.frequency", "gte", 5), "Loyal", "Five or more orders."),
        new("cart_abandoner", new RuleCondition(All: [Leaf("cart.items", "gt", 0), Leaf("cart.idle_minutes", "gte", 30)]),
            "Cart abandoner", "Has items in a cart untouched for 30 minutes or more."),
        new("new_visitor", new RuleCondition(All: [Leaf("rfm.frequency", "eq", 0), Leaf("events.count", "lt", 20)]),
            "New visitor", "No order yet and fewer than 20 events."),
        new("lapsed", Leaf("rfm.recency_days", "gte", 90), "Lapsed", "Last order 90 or more days ago."),
    ];

    /// <summary>A leaf condition.</summary>
    public static RuleCondition Leaf<T>(string fact, string op, T value) =>
        new(Fact: fact, Op: op, Value: JsonSerializer.SerializeToElement(value));
}
