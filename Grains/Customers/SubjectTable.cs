namespace PersoActors.Grains.Customers;

/// <summary>Every pooled <see cref="EventSubject"/> by number, so an event can name its subject in 27 bits instead of
/// an 8-byte reference. Append-only like the pool itself; numbers start at 1 (0 means none). Chunked so growing never
/// copies, and read without a lock: a slot is written before its number is handed out.</summary>
public static class SubjectTable
{
    /// <summary>Numbers an event can hold (see <see cref="BehaviourRing"/>); subjects past it stay unpooled.</summary>
    public const int MaxId = (1 << 27) - 1;

    private const int ChunkBits = 16;
    private const int ChunkSize = 1 << ChunkBits;

    private static EventSubject[]?[] chunks = new EventSubject[]?[16];
    private static int count;

    /// <summary>Numbers <paramref name="subject"/>; 0 when the table is full. Callers serialize (the pool's lock).</summary>
    internal static int Add(EventSubject subject)
    {
        var id = count + 1;
        if (id > MaxId)
        {
            return 0;
        }

        var chunk = id >> ChunkBits;
        if (chunk >= chunks.Length)
        {
            var grown = new EventSubject[]?[chunks.Length * 2];
            chunks.CopyTo(grown, 0);
            Volatile.Write(ref chunks, grown);
        }

        var slots = chunks[chunk] ??= new EventSubject[ChunkSize];
        Volatile.Write(ref slots[id & (ChunkSize - 1)], subject);
        count = id;
        return id;
    }

    /// <summary>The subject numbered <paramref name="id"/> (1 or more, as returned by <see cref="Add"/>).</summary>
    public static EventSubject Get(int id) => Volatile.Read(ref chunks)[id >> ChunkBits]![id & (ChunkSize - 1)];
}
