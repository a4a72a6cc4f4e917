using Azure.Data.Tables;

namespace PersoActors.Storage;

/// <summary>Splits byte payloads over Azure Table entities and joins them back. Azure caps a binary property at
/// 64 KiB and an entity at 1 MiB; Azurite (and a cautious reading of Azure's limits) counts the entity as sent, in JSON,
/// where binary travels as base64 (4/3 larger). So an entity carries up to 11 properties <c>D00</c>..<c>D10</c> of
/// 64 KiB (704 KiB, a "piece": 939 KiB as base64); a larger payload takes several entities.</summary>
internal static class AzureTablePieces
{
    public const int PropertyBytes = 64 * 1024;
    public const int PropertiesPerEntity = 11;
    public const int PieceBytes = PropertyBytes * PropertiesPerEntity;

    /// <summary>The property holding the payload's total length (on the head, and on every journal piece).</summary>
    public const string Length = "Length";

    /// <summary>How many pieces <paramref name="length"/> bytes need (at least one, so an empty payload has an entity).</summary>
    public static int Count(long length) => length == 0 ? 1 : (int)((length + PieceBytes - 1) / PieceBytes);

    /// <summary>Puts piece <paramref name="piece"/> of <paramref name="data"/> into <paramref name="entity"/>.</summary>
    public static void Fill(TableEntity entity, ReadOnlyMemory<byte> data, int piece)
    {
        var start = (long)piece * PieceBytes;
        var slice = data.Slice((int)start, (int)Math.Min(PieceBytes, data.Length - start));
        for (var i = 0; i * PropertyBytes < slice.Length; i++)
        {
            entity[PropertyName(i)] = slice.Slice(i * PropertyBytes, Math.Min(PropertyBytes, slice.Length - (i * PropertyBytes))).ToArray();
        }
    }

    /// <summary>Appends the bytes an entity carries to <paramref name="output"/>.</summary>
    public static void Drain(TableEntity entity, MemoryStream output)
    {
        for (var i = 0; i < PropertiesPerEntity && entity.GetBinary(PropertyName(i)) is { } bytes; i++)
        {
            output.Write(bytes);
        }
    }

    private static string PropertyName(int index) => index < 10 ? "D0" + (char)('0' + index) : "D1" + (char)('0' + index - 10);
}
