using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Grains.Customers;

/// <summary>The current cart, built from add/remove/purchase events. A non-empty cart untouched for
/// the abandonment time is abandoned; any cart event makes it active again.</summary>
public sealed class CartTracker(int maxLines)
{
    private readonly List<Line> lines = [];

    public int LineCount => lines.Count;

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
        else if (lines.Count < maxLines)
        {
            lines.Add(new Line(StringPool.Shared.Intern(itemId), Math.Min(quantity, ProfileLimits.MaxQuantity), unitPriceCents));
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
                lines.RemoveAt(index);
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
            lines.Clear();
        }
        else if (IndexOf(itemId) is var index and >= 0)
        {
            lines.RemoveAt(index);
        }

        Touch(at);
    }

    public bool IsAbandoned(long now, long abandonAfterSeconds) => lines.Count > 0 && now - UpdatedAt >= abandonAfterSeconds;

    public CartView View(long now, long abandonAfterSeconds)
    {
        var abandoned = IsAbandoned(now, abandonAfterSeconds);
        return new CartView(
            ToLines(),
            lines.Sum(l => l.UnitPriceCents < 0 ? 0m : l.UnitPriceCents / 100m * l.Quantity),
            UpdatedAt == 0 ? null : DateTimeOffset.FromUnixTimeSeconds(UpdatedAt),
            abandoned,
            abandoned ? DateTimeOffset.FromUnixTimeSeconds(UpdatedAt + abandonAfterSeconds) : null);
    }

    public IReadOnlyList<CartLine> ToLines() =>
        lines.ConvertAll(l => new CartLine(l.ItemId, l.Quantity, Money.FromCents(l.UnitPriceCents)));

    public void Restore(IEnumerable<CartLine> stored, long updatedAt)
    {
        lines.Clear();
        foreach (var line in stored.Take(maxLines))
        {
            lines.Add(new Line(StringPool.Shared.Intern(line.ItemId), line.Quantity, Money.ToCents(line.UnitPrice)));
        }

        UpdatedAt = updatedAt;
    }

    private void Touch(long at) => UpdatedAt = Math.Max(UpdatedAt, at);

    private int IndexOf(string itemId) => lines.FindIndex(l => string.Equals(l.ItemId, itemId, StringComparison.Ordinal));

    private readonly record struct Line(string ItemId, int Quantity, int UnitPriceCents);
}
