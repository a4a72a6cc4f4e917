using System.Globalization;
using Azure;

namespace PersoActors.Storage;

/// <summary>The ETag an <see cref="AzureTableGrainStorage"/> hands out: the snapshot generation, the number of journal
/// entries appended after it, and the Azure ETag of the head entity ("GEN.COUNT.AZURE-ETAG"). Azure checks the last
/// part (If-Match) on every change; the first two name the rows an append adds, so an append needs no read first.</summary>
internal readonly record struct AzureTableETag(string Generation, long Appended, ETag Head)
{
    /// <summary>Parses an ETag; null for text that no Azure Table storage produced (it matches no record).</summary>
    public static AzureTableETag? Parse(string? etag)
    {
        var parts = etag?.Split('.', 3);
        return parts is [{ Length: 16 } generation, var appended, { Length: > 0 } head]
            && long.TryParse(appended, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? new AzureTableETag(generation, count, new ETag(head))
            : null;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Generation}.{Appended}.{Head}");
}
