using System.Globalization;
using Azure;

namespace PersoActors.Storage;

/// <summary>The ETag an <see cref="AzureTableGrainStorage"/> hands out: the snapshot generation, the number of journal
/// entries appended after it, the number of entities the snapshot takes, and the Azure ETag of the head entity
/// ("GEN.COUNT.PIECES.AZURE-ETAG"). Azure checks the last part (If-Match) on every change; the others name the rows an
/// append adds (so an append needs no read first) and tell a write whether anything is left to delete after it.</summary>
internal readonly record struct AzureTableETag(string Generation, long Appended, int Pieces, ETag Head)
{
    /// <summary>Whether the record is the head alone (a one-piece snapshot, no journal): replacing it leaves nothing behind.</summary>
    public bool HeadOnly => Appended == 0 && Pieces == 1;

    /// <summary>Parses an ETag; null for text that no Azure Table storage produced (it matches no record).</summary>
    public static AzureTableETag? Parse(string? etag)
    {
        var parts = etag?.Split('.', 4);
        return parts is [{ Length: 16 } generation, var appended, var pieces, { Length: > 0 } head]
            && long.TryParse(appended, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && int.TryParse(pieces, NumberStyles.None, CultureInfo.InvariantCulture, out var entities) && entities > 0
            ? new AzureTableETag(generation, count, entities, new ETag(head))
            : null;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Generation}.{Appended}.{Pieces}.{Head}");
}
