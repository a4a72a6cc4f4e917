using System.Buffers.Binary;
using System.Text;

namespace PersoActors.Grains.Interfaces.Customers;

/// <summary>Reads what <see cref="BinaryWriter"/> wrote into a journal entry, straight from its bytes: no stream or
/// reader buffers per entry, and the strings many customers share come from <see cref="StringPool"/> without being
/// allocated again. A value that runs past the end of the entry is an <see cref="InvalidDataException"/>.</summary>
internal ref struct JournalReader(ReadOnlySpan<byte> entry)
{
    private readonly ReadOnlySpan<byte> entry = entry;
    private int at;

    public byte ReadByte() => Take(1)[0];

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    /// <summary>A decimal as <see cref="BinaryWriter.Write(decimal)"/> writes it: its four 32-bit parts, low first.</summary>
    public decimal ReadDecimal()
    {
        Span<int> bits = [ReadInt32(), ReadInt32(), ReadInt32(), ReadInt32()];
        try
        {
            return new decimal(bits);
        }
        catch (ArgumentException invalid)
        {
            throw new InvalidDataException("A journal entry holds an invalid decimal.", invalid);
        }
    }

    public int Read7BitEncodedInt()
    {
        var value = Read7BitEncodedInt64();
        return value is >= int.MinValue and <= uint.MaxValue ? (int)value : throw Corrupt();
    }

    /// <summary>How many items follow, each taking at least a byte: a count the rest of the entry cannot hold is
    /// corrupt, and must not size an array.</summary>
    public int ReadCount()
    {
        var count = Read7BitEncodedInt();
        return count >= 0 && count <= entry.Length - at ? count : throw Corrupt();
    }

    public long Read7BitEncodedInt64()
    {
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var next = ReadByte();
            value |= (ulong)(next & 0x7F) << shift;
            if (next < 0x80)
            {
                return (long)value;
            }
        }

        throw Corrupt();
    }

    /// <summary>A length-prefixed UTF-8 string (<see cref="BinaryWriter.Write(string)"/>), newly allocated.</summary>
    public string ReadString() => Encoding.UTF8.GetString(NextString());

    /// <summary>A length-prefixed UTF-8 string, taken from <paramref name="pool"/>.</summary>
    public string ReadPooledString(StringPool pool) => pool.Intern(NextString());

    private ReadOnlySpan<byte> NextString()
    {
        var length = Read7BitEncodedInt();
        return length >= 0 ? Take(length) : throw Corrupt();
    }

    private ReadOnlySpan<byte> Take(int length)
    {
        if (length > entry.Length - at)
        {
            throw Corrupt();
        }

        var taken = entry.Slice(at, length);
        at += length;
        return taken;
    }

    private static InvalidDataException Corrupt() => new("A journal entry is truncated or corrupt.");
}
