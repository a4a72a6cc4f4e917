using System.Collections;

namespace PersoActors.Grains.Interfaces.Customers;

/// <summary>Behaviour events kept as one <see cref="EventJournal"/> entry: how a stored snapshot holds its recent
/// events (about 55 bytes an event in Base64 against 130 as JSON), so an activation reads them into its ring without
/// an object per event. Enumerating decodes them, once.</summary>
/// <param name="entry">A journal entry without a receipt (<see cref="EventJournal.Encode"/>).</param>
[GenerateSerializer, Immutable]
public sealed class EncodedEvents(byte[] entry) : IReadOnlyList<BehaviourEvent>
{
    [NonSerialized]
    private BehaviourEvent[]? decoded;

    [Id(0)]
    public byte[] Entry { get; } = entry;

    public int Count => Decoded.Length;

    public BehaviourEvent this[int index] => Decoded[index];

    public IEnumerator<BehaviourEvent> GetEnumerator() => ((IEnumerable<BehaviourEvent>)Decoded).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private BehaviourEvent[] Decoded => decoded ??= EventJournal.Decode(Entry);
}
