using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace PersoActors.Runtime.Cluster.Transport;

/// <summary>One outbound frame being encoded, in a buffer rented from the shared pool. The first
/// four bytes are reserved for the length, patched in by <see cref="Seal"/>.</summary>
internal sealed class FrameBuffer : IBufferWriter<byte>
{
    private byte[] array;
    private int written;

    public FrameBuffer(FrameKind kind, long correlationId, int sizeHint = 256)
    {
        array = ArrayPool<byte>.Shared.Rent(sizeHint);
        written = 4;
        WriteByte((byte)kind);
        BinaryPrimitives.WriteInt64LittleEndian(GetSpan(8), correlationId);
        Advance(8);
    }

    public ReadOnlySpan<byte> Written => array.AsSpan(0, written);

    /// <summary>Told just before the frame is handed to the connection (after that, the peer may see it).</summary>
    public IFrameSendObserver? Observer { get; set; }

    public void Advance(int count) => written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return array.AsMemory(written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return array.AsSpan(written);
    }

    public void WriteByte(byte value)
    {
        GetSpan(1)[0] = value;
        Advance(1);
    }

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(GetSpan(4), value);
        Advance(4);
    }

    /// <summary>u16 byte length + UTF-8 bytes.</summary>
    public void WriteShortString(string value)
    {
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        var span = GetSpan(max + 2);
        var length = Encoding.UTF8.GetBytes(value, span[2..]);
        if (length > ushort.MaxValue)
        {
            throw new ArgumentException($"'{value[..32]}...' is longer than {ushort.MaxValue} bytes.");
        }

        BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)length);
        Advance(length + 2);
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        Advance(bytes.Length);
    }

    /// <summary>Writes the length prefix; the frame is then ready to send.</summary>
    public FrameBuffer Seal()
    {
        if (written - 4 > Frames.MaxBodySize)
        {
            Return();
            throw new InvalidOperationException($"A frame of {written - 4} bytes exceeds the {Frames.MaxBodySize}-byte limit.");
        }

        BinaryPrimitives.WriteInt32LittleEndian(array, written - 4);
        return this;
    }

    public void Return()
    {
        var rented = array;
        array = [];
        if (rented.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void Ensure(int sizeHint)
    {
        var needed = written + Math.Max(sizeHint, 1);
        if (needed <= array.Length)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, array.Length * 2));
        array.AsSpan(0, written).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(array);
        array = bigger;
    }
}

/// <summary>Learns when a queued frame is about to be written to the connection.</summary>
internal interface IFrameSendObserver
{
    void OnWriting();
}
