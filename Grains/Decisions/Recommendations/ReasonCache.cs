using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>The reasons of one catalog version, each built the first time an answer needs it and then shared by every
/// later answer (reasons are immutable): without it every recommended item allocated its reason and the reason's text,
/// about a fifth of what a recommendation request allocated. Two threads may build the same reason at once; either
/// copy is right, so there is no lock.</summary>
internal sealed class ReasonCache(CatalogSnapshot catalog)
{
    private readonly ItemReason?[]?[] tables = new ItemReason?[]?[Enum.GetValues<ReasonSlot>().Length];

    public CatalogSnapshot Catalog { get; } = catalog;

    /// <summary>The reason for <paramref name="slot"/> and <paramref name="id"/> (a category id for the category slots,
    /// an item index for the others), built by <paramref name="build"/> on first use.</summary>
    public ItemReason Get(ReasonSlot slot, int id, Func<CatalogSnapshot, int, ItemReason> build)
    {
        var table = tables[(int)slot] ??= new ItemReason?[slot <= ReasonSlot.PopularInCategory ? Catalog.CategoryCount : Catalog.Items.Length];
        return table[id] ??= build(Catalog, id);
    }
}

/// <summary>What a cached reason is keyed by: the category slots by category id, the rest by item index (the item's
/// own brand, or the seed item the reason names).</summary>
internal enum ReasonSlot
{
    FavouriteCategory,
    Interest,
    PopularInCategory,
    FavouriteBrand,
    LikedBrand,
    SimilarToCurrent,
    InCart,
    Bought,
    Viewed,
}
