using System.Runtime.InteropServices;

namespace PersoActors.Tests.Shared.Processes;

/// <summary>Sends POSIX signals to a process by its PID (Linux numbering): what an operator's <c>kill -TERM</c> or a
/// stalled machine does to a silo.</summary>
internal static class PosixSignals
{
    public const int Terminate = 15;
    public const int Stop = 19;
    public const int Continue = 18;

    public static void Send(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
