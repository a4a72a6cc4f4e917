using System.Diagnostics;
using System.Text.Json;
using PersoActors.Grains.Customers;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Storage;

namespace PersoActors.Bench.Ingestion;

/// <summary>Where a batch's CPU goes inside the grain, one thread, no I/O: deriving state from the events, the
/// whole-profile snapshot a batch used to write, and the journal entry it writes now. Process CPU time, not wall time,
/// so that other processes on a shared machine do not count.</summary>
internal static class CpuBreakdown
{
    public static IEnumerable<string> Measure(BehaviourEvent[][] history, Func<int, BehaviourEvent[][]> batches)
    {
        var options = new CustomerProfileOptions();
        var json = GrainStateJsonSerializer.Default.Options;
        var profile = new CustomerProfile(options);
        profile.ChangeConsents(new ConsentChange(
            [new ConsentDecision(ConsentPurpose.Analytics, true), new ConsentDecision(ConsentPurpose.Personalization, true)], "bench", false), DateTimeOffset.UtcNow);
        profile.Track(history[0]);
        var snapshotBytes = 0;
        var snapshot = Micros(5_000, () =>
        {
            var state = new CustomerState { Profile = profile.ToSnapshot("c-1", DateTimeOffset.UtcNow) };
            snapshotBytes = JsonSerializer.SerializeToUtf8Bytes(state, json).Length;
        });
        yield return $"  whole-profile snapshot (100 events in the ring), JSON:  {snapshot,8:N1} µs, {snapshotBytes:N0} bytes per batch";
        foreach (var size in new[] { 1, 10, 100 })
        {
            var batch = batches(size)[0];
            var entryBytes = 0;
            var encode = Micros(200_000 / size, () => entryBytes = EventJournal.Encode(batch).Length);
            var track = Micros(200_000 / size, () => profile.Track(batch));
            yield return $"  batch of {size,3}: derive state {track,8:N1} µs, journal entry {encode,8:N1} µs, {entryBytes,6:N0} bytes";
        }
    }

    private static double Micros(int iterations, Action action)
    {
        for (var i = 0; i < Math.Max(10, iterations / 10); i++)
        {
            action();
        }

        using var process = Process.GetCurrentProcess();
        var started = process.TotalProcessorTime;
        for (var i = 0; i < iterations; i++)
        {
            action();
        }

        process.Refresh();
        return (process.TotalProcessorTime - started).TotalMicroseconds / iterations;
    }
}
