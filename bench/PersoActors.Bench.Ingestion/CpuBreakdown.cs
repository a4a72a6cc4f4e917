using System.Diagnostics;
using System.Text.Json;
using PersoActors.Grains.Customers;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Storage;

namespace PersoActors.Bench.Ingestion;

/// <summary>Where a batch's CPU goes inside the grain, one thread, no I/O: deriving state from the events, the
/// whole-profile snapshot a batch used to write (as it was and as the grain stores it now on a fold), and the journal
/// entry a batch writes now. Process CPU time, not wall time, so that other processes on a shared machine do not
/// count.</summary>
internal static class CpuBreakdown
{
    public static IEnumerable<string> Measure(BehaviourEvent[][] history, Func<int, BehaviourEvent[][]> batches)
    {
        var options = new CustomerProfileOptions();
        var profile = new CustomerProfile(options);
        profile.ChangeConsents(new ConsentChange(
            [new ConsentDecision(ConsentPurpose.Analytics, true), new ConsentDecision(ConsentPurpose.Personalization, true)], "bench", false), DateTimeOffset.UtcNow);
        profile.Track(history[0]);
        yield return Snapshot("events as JSON objects (before)", () => profile.ToSnapshot("c-1", DateTimeOffset.UtcNow));
        yield return Snapshot("events as one journal entry (stored)", () => profile.ToStoredSnapshot("c-1", DateTimeOffset.UtcNow, encodeEvents: true));
        foreach (var size in new[] { 1, 10, 100 })
        {
            var batch = batches(size)[0];
            var entryBytes = 0;
            var (encode, _) = Micros(200_000 / size, () => entryBytes = EventJournal.Encode(batch).Length);
            var (track, _) = Micros(200_000 / size, () => profile.Track(batch));
            yield return $"  batch of {size,3}: derive state {track,8:N1} µs, journal entry {encode,8:N1} µs, {entryBytes,6:N0} bytes";
        }
    }

    private static string Snapshot(string form, Func<CustomerSnapshot> take)
    {
        var json = GrainStateJsonSerializer.Default.Options;
        var bytes = 0;
        var (micros, allocated) = Micros(5_000, () => bytes = JsonSerializer.SerializeToUtf8Bytes(new CustomerState { Profile = take() }, json).Length);
        return $"  whole-profile snapshot (100 events in the ring), {form,-38} {micros,8:N1} µs, {bytes,6:N0} bytes, {allocated,7:N0} B allocated";
    }

    /// <summary>Process CPU µs and bytes allocated on this thread, per call.</summary>
    private static (double Micros, long Allocated) Micros(int iterations, Action action)
    {
        for (var i = 0; i < Math.Max(10, iterations / 10); i++)
        {
            action();
        }

        using var process = Process.GetCurrentProcess();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var started = process.TotalProcessorTime;
        for (var i = 0; i < iterations; i++)
        {
            action();
        }

        process.Refresh();
        return ((process.TotalProcessorTime - started).TotalMicroseconds / iterations, (GC.GetAllocatedBytesForCurrentThread() - allocated) / iterations);
    }
}
