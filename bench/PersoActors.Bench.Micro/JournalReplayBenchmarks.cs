using BenchmarkDotNet.Attributes;
using PersoActors.Grains.Customers;
using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Bench.Micro;

/// <summary>Replaying a customer's journal on activation: 100 events in 10 stored entries (the benchmarks' event mix)
/// into a new consenting profile. The baseline decodes each entry to event objects and tracks those, as activation did
/// before; <see cref="Replay"/> is what it does now (the ring's compact form straight from the entry's bytes).</summary>
[MemoryDiagnoser]
public class JournalReplayBenchmarks
{
    private static readonly ConsentChange Consents = new(
        [new ConsentDecision(ConsentPurpose.Analytics, true), new ConsentDecision(ConsentPurpose.Personalization, true)], "bench", ReplaceAll: false);

    private readonly CustomerProfileOptions options = new();
    private byte[][] entries = [];

    [GlobalSetup]
    public void Setup()
    {
        var events = EventMix.Events(seed: 11, count: 100);
        entries = [.. events.Chunk(10).Select(batch => EventJournal.Encode(batch))];
        Replay();
    }

    [Benchmark(Baseline = true)]
    public CustomerProfile DecodeToEvents()
    {
        var profile = NewProfile();
        foreach (var entry in entries)
        {
            profile.Track(EventJournal.Decode(entry));
        }

        return profile;
    }

    [Benchmark]
    public CustomerProfile Replay()
    {
        var profile = NewProfile();
        foreach (var entry in entries)
        {
            profile.Replay(JournalReplay.Decode(entry, out _));
        }

        return profile;
    }

    private CustomerProfile NewProfile()
    {
        var profile = new CustomerProfile(options);
        profile.ChangeConsents(Consents, DateTimeOffset.UnixEpoch);
        return profile;
    }
}
