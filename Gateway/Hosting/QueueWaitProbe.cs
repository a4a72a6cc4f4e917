using System.Diagnostics;

namespace PersoActors.Gateway.Hosting;

/// <summary>Measures how long work waits in the thread pool's global queue, which is where a request waits between
/// Kestrel reading it and our middleware running (Kestrel dispatches connection work to that queue). A dedicated
/// thread queues one probe item at a time every <c>interval</c> and records how late it ran; while a probe is still
/// queued, its age counts as the current wait, so a starved pool is seen at once, not when the probe finally runs.
/// Readers pay two volatile reads and at most one timestamp: no lock, no allocation.</summary>
internal sealed class QueueWaitProbe : IDisposable
{
    private readonly TimeSpan interval;
    private readonly ManualResetEventSlim stop = new();
    private readonly Action<long> onProbe;
    private Thread? thread;
    private long queuedAt;
    private long lastWait;

    public QueueWaitProbe(TimeSpan interval)
    {
        this.interval = interval;
        onProbe = Completed;
    }

    /// <summary>The current queue wait in <see cref="Stopwatch"/> ticks: the last probe's, or the age of the one still
    /// queued if that is longer.</summary>
    public long CurrentTicks
    {
        get
        {
            var wait = Volatile.Read(ref lastWait);
            var pending = Volatile.Read(ref queuedAt);
            if (pending != 0)
            {
                var age = Stopwatch.GetTimestamp() - pending;
                if (age > wait)
                {
                    wait = age;
                }
            }

            return wait;
        }
    }

    /// <summary>The current queue wait.</summary>
    public TimeSpan Current => Stopwatch.GetElapsedTime(0, CurrentTicks);

    public void Start()
    {
        thread = new Thread(Run) { IsBackground = true, Name = "queue-wait probe" };
        thread.Start();
    }

    public void Dispose()
    {
        stop.Set();
        thread?.Join();
        stop.Dispose();
    }

    private void Run()
    {
        while (!stop.Wait(interval))
        {
            if (Volatile.Read(ref queuedAt) == 0)
            {
                var now = Stopwatch.GetTimestamp();
                Volatile.Write(ref queuedAt, now);
                ThreadPool.UnsafeQueueUserWorkItem(onProbe, now, preferLocal: false);
            }
        }
    }

    private void Completed(long queued)
    {
        Volatile.Write(ref lastWait, Stopwatch.GetTimestamp() - queued);
        Volatile.Write(ref queuedAt, 0);
    }
}
