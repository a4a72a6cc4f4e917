namespace PersoActors.Storage;

/// <summary>A record as a store holds it: the serialized state, its ETag, and the journal entries appended after it
/// (oldest first), all from one consistent read.</summary>
internal sealed record StoredRecord(byte[] Data, string ETag, IReadOnlyList<ReadOnlyMemory<byte>> Journal);
