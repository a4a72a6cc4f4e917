using System.Diagnostics;
using Orleans.Runtime;
using PersoActors.Storage;

namespace PersoActors.Bench.Ingestion;

/// <summary>The storage's share of a single-event append, without Orleans or the grain: many concurrent appenders of
/// one journal entry each through the group-commit queue into SQLite (durable or relaxed), CPU per append of the
/// whole process.</summary>
internal static class StorageOnly
{
    public sealed record Result(WriteDurability Durability, double AppendsPerSecond, double CpuMicrosPerAppend, double AppendsPerCommit)
    {
        public override string ToString() =>
            $"  storage only, {Durability.ToString().ToLowerInvariant(),-7} single-entry appends: {CpuMicrosPerAppend,6:N1} µs CPU per append, " +
            $"{AppendsPerSecond,9:N0} appends/s, {AppendsPerCommit,5:N0} per commit";
    }

    public static async Task<Result> MeasureAsync(string path, byte[] entry, int records, int appenders, TimeSpan duration, WriteDurability durability)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(records, appenders);
        await using var storage = new SqliteGrainStorage(path);
        // One more record than the appenders use, for the durable append that waits for everything queued before it.
        var states = new GrainState<byte[]>[records + 1];
        await Parallel.ForAsync(0, records + 1, async (i, _) =>
        {
            states[i] = new GrainState<byte[]>([1]);
            await storage.WriteStateAsync("profile", Grain(i), states[i]);
        });

        // Each appender owns its records, as a grain owns its state: no two appends of a record overlap.
        async Task<long> RunAsync(int appender, long stopAt)
        {
            var appends = 0L;
            for (var record = appender; Stopwatch.GetTimestamp() < stopAt; record = record + appenders < records ? record + appenders : appender)
            {
                await storage.AppendAsync("profile", Grain(record), states[record], entry, durability);
                appends++;
            }

            return appends;
        }

        var warmUntil = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
        await Task.WhenAll(Enumerable.Range(0, appenders).Select(a => Task.Run(() => RunAsync(a, warmUntil))));
        // Relaxed appends of the warm-up are committed first.
        await storage.AppendAsync("profile", Grain(records), states[records], entry, WriteDurability.Durable);
        var before = storage.GroupCommits;
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var stopAt = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var counts = await Task.WhenAll(Enumerable.Range(0, appenders).Select(a => Task.Run(() => RunAsync(a, stopAt))));
        // Relaxed appends count once committed: wait for the last one.
        await storage.AppendAsync("profile", Grain(records), states[records], entry, WriteDurability.Durable);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        process.Refresh();
        var appends = (double)counts.Sum();
        var after = storage.GroupCommits;
        return new Result(durability, appends / elapsed, (process.TotalProcessorTime - cpu).TotalMicroseconds / appends,
            (after.Operations - before.Operations) / (double)Math.Max(1, after.Commits - before.Commits));
    }

    private static GrainId Grain(int i) => GrainId.Create("customer", $"c-{i}");
}
