using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Grains.Customers;

/// <summary>The current cart, built from add/remove/purchase events. A non-empty cart untouched for
/// the abandonment time is abandoned; any cart event makes it active again. Lines are kept in an array grown
/// a few at a time, not a list: every active customer with a cart pays for it.</summary>
public sealed class CartTracker(int maxLines)
{
    private Line[] lines = [];

    public int LineCount { get; private set; }

    /// <summary>Unix time of the last change (0: never).</summary>
    public long UpdatedAt { get; private set; }

    public void Add(string itemId, int quantity, int unitPriceCents, long at)
    {
        var index = IndexOf(itemId);
        if (index >= 0)
        {
            var line = lines[index];
            lines[index] = new Line(line.ItemId, (int)Math.Min((long)line.Quantity + quantity, ProfileLimits.MaxQuantity), unitPriceCents >= 0 ? unitPriceCents : line.UnitPriceCents);
        }
        else if (LineCount < maxLines)
        {
            Append(new Line(StringPool.Shared.Intern(itemId), Math.Min(quantity, ProfileLimits.MaxQuantity), unitPriceCents));
        }

        Touch(at);
    }

    public void Remove(string itemId, int quantity, long at)
    {
        var index = IndexOf(itemId);
        if (index >= 0)
        {
            var left = lines[index].Quantity - quantity;
            if (left > 0)
            {
                lines[index] = lines[index] with { Quantity = left };
            }
            else
            {
                RemoveAt(index);
            }
        }

        Touch(at);
    }

    /// <summary>A purchase of one item takes that line out of the cart; a purchase without an item
    /// (a whole order) empties it.</summary>
    public void Purchased(string? itemId, long at)
    {
        if (itemId is null)
        {
            lines = [];
            LineCount = 0;
        }
        else if (IndexOf(itemId) is var index and >= 0)
        {
            RemoveAt(index);
        }

        Touch(at);
    }

    public bool IsAbandoned(long now, long abandonAfterSeconds) => LineCount > 0 && now - UpdatedAt >= abandonAfterSeconds;

    public CartView View(long now, long abandonAfterSeconds)
    {
        var abandoned = IsAbandoned(now, abandonAfterSeconds);
        return new CartView(
            ToLines(),
            Total(),
            UpdatedAt == 0 ? null : DateTimeOffset.FromUnixTimeSeconds(UpdatedAt),
            abandoned,
            abandoned ? DateTimeOffset.FromUnixTimeSeconds(UpdatedAt + abandonAfterSeconds) : null);
    }

    public IReadOnlyList<CartLine> ToLines() =>
        [.. lines.Take(LineCount).Select(l => new CartLine(l.ItemId, l.Quantity, Money.FromCents(l.UnitPriceCents)))];

    public void Restore(IEnumerable<CartLine> stored, long updatedAt)
    {
        lines = [];
        LineCount = 0;
        foreach (var line in stored.Take(maxLines))
        {
            Append(new Line(StringPool.Shared.Intern(line.ItemId), line.Quantity, Money.ToCents(line.UnitPrice)));
        }

        UpdatedAt = updatedAt;
    }

    private void Touch(long at) => UpdatedAt = Math.Max(UpdatedAt, at);

    private decimal Total() => lines.Take(LineCount).Sum(l => l.UnitPriceCents < 0 ? 0m : l.UnitPriceCents / 100m * l.Quantity);

    private int IndexOf(string itemId)
    {
        for (var i = 0; i < LineCount; i++)
        {
            if (string.Equals(lines[i].ItemId, itemId, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private void Append(Line line)
    {
        if (LineCount == lines.Length)
        {
            Array.Resize(ref lines, Math.Min(maxLines, lines.Length + 4));
        }

        lines[LineCount++] = line;
    }

    private void RemoveAt(int index)
    {
        LineCount--;
        Array.Copy(lines, index + 1, lines, index, LineCount - index);
        lines[LineCount] = default;
    }

    private readonly record struct Line(string ItemId, int Quantity, int UnitPriceCents);
}
