using System.Diagnostics;

namespace PersoActors.Gateway.Hosting;

/// <summary>With <c>Diagnostics:RuntimeCounters=true</c>, logs once a second what explains latency stalls that the
/// HTTP figures cannot: thread-pool threads, queued and completed work items, lock contentions, GC counts and pause
/// time, allocation rate. It samples from its own thread, so a starved thread pool cannot silence it (a timer would
/// be starved too). For machines without dotnet-counters; category <c>PersoActors.Gateway.RuntimeCounters</c>.</summary>
public sealed class RuntimeCountersLog(ILogger<RuntimeCountersLog> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private Thread? thread;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        thread = new Thread(Sample) { IsBackground = true, Name = "runtime counters" };
        thread.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        stop.Cancel();
        return Task.CompletedTask;
    }

    public void Dispose() => stop.Dispose();

    private void Sample()
    {
        var last = Snapshot.Take();
        while (!stop.Token.WaitHandle.WaitOne(1000))
        {
            var now = Snapshot.Take();
            var seconds = Stopwatch.GetElapsedTime(last.Timestamp, now.Timestamp).TotalSeconds;
            logger.LogInformation(
                "pool {Threads} threads, {Queued} queued, {Completed:0}/s done; lock contentions {Contentions}/s; GC gen0 {Gen0} gen1 {Gen1} gen2 {Gen2}, paused {PauseMs:0.0} ms, {AllocMb:0} MB/s allocated, heap {HeapMb:0} MB; interval {Interval:0} ms",
                ThreadPool.ThreadCount, ThreadPool.PendingWorkItemCount, (now.Completed - last.Completed) / seconds,
                now.Contentions - last.Contentions, now.Gen0 - last.Gen0, now.Gen1 - last.Gen1, now.Gen2 - last.Gen2,
                (now.Paused - last.Paused).TotalMilliseconds, (now.Allocated - last.Allocated) / seconds / 1e6,
                GC.GetGCMemoryInfo().HeapSizeBytes / 1e6, seconds * 1000);
            last = now;
        }
    }

    private readonly record struct Snapshot(long Timestamp, long Completed, long Contentions, int Gen0, int Gen1, int Gen2, TimeSpan Paused, long Allocated)
    {
        public static Snapshot Take() => new(Stopwatch.GetTimestamp(), ThreadPool.CompletedWorkItemCount, Monitor.LockContentionCount,
            GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes());
    }
}

/// <summary>Registers <see cref="RuntimeCountersLog"/> when <c>Diagnostics:RuntimeCounters</c> is true.</summary>
public static class RuntimeCountersLogExtensions
{
    public static WebApplicationBuilder AddRuntimeCountersLog(this WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetValue<bool>("Diagnostics:RuntimeCounters"))
        {
            builder.Services.AddHostedService<RuntimeCountersLog>();
        }

        return builder;
    }
}
