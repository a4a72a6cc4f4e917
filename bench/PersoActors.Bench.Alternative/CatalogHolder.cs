using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Bench.Alternative;

/// <summary>The catalog each service instance holds in memory (as it would cache it), rebuilt on upload.</summary>
public sealed class CatalogHolder
{
    private readonly Dictionary<string, CatalogItem> _items = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _version;

    public DecisionSnapshot Current { get; private set; } = DecisionSnapshot.Empty;

    public CatalogUploadResult Upsert(IReadOnlyList<CatalogItem> items)
    {
        CatalogValidator.ThrowIfInvalid(items);
        lock (_lock)
        {
            foreach (var item in items)
            {
                _items[item.Id] = item;
            }

            _version++;
            Current = DecisionSnapshot.Create(CatalogSnapshot.Build(new CatalogContents(_version, [.. _items.Values])));
            return new CatalogUploadResult(_version, items.Count, _items.Count);
        }
    }
}
