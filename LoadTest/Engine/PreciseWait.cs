using System.Diagnostics;
using System.Runtime.InteropServices;

namespace PersoActors.LoadTest.Engine;

/// <summary>
/// Waits until a Stopwatch timestamp with sub-millisecond precision without burning a core: on Linux it
/// sleeps with nanosleep (≈50–100 µs of timer slack), elsewhere with Thread.Sleep for whole milliseconds,
/// then spins only for the last 200 microseconds (or a caller-given shorter window). On a 2-core machine shared
/// with the gateway, spinning for the whole interval would steal the CPU being measured — and at high rates
/// (sends less than 200 µs apart) a fixed window means spinning all the time, so callers shrink it.
/// </summary>
public static partial class PreciseWait
{
    private static readonly long SpinWindow = Stopwatch.Frequency / 5_000; // 200 µs: nanosleep wakes up to ~100 µs late
    private static readonly bool UseNanosleep = OperatingSystem.IsLinux();

    /// <summary>The default spin window, in Stopwatch ticks.</summary>
    public static long DefaultSpinWindow => SpinWindow;

    public static void Until(long timestamp, CancellationToken cancellationToken) => Until(timestamp, SpinWindow, cancellationToken);

    /// <param name="timestamp">Stopwatch timestamp to wait for.</param>
    /// <param name="spinWindow">Busy-wait only for this last part of the wait (Stopwatch ticks); sleep before it.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public static void Until(long timestamp, long spinWindow, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var remaining = timestamp - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return;
            }

            if (remaining > spinWindow)
            {
                var sleepTicks = remaining - spinWindow;
                if (UseNanosleep)
                {
                    var nanos = sleepTicks * 1_000_000_000 / Stopwatch.Frequency;
                    var request = new TimeSpec(nanos / 1_000_000_000, nanos % 1_000_000_000);
                    _ = NanoSleep(ref request, IntPtr.Zero);
                }
                else if (sleepTicks > Stopwatch.Frequency / 1000)
                {
                    Thread.Sleep((int)Math.Min(int.MaxValue, sleepTicks * 1000 / Stopwatch.Frequency));
                }
                else
                {
                    Thread.Yield();
                }
            }
            else
            {
                Thread.SpinWait(20);
            }
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec(long seconds, long nanoseconds)
    {
        public long Seconds = seconds;
        public long Nanoseconds = nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "nanosleep", SetLastError = false)]
    private static partial int NanoSleep(ref TimeSpec request, IntPtr remaining);
}
