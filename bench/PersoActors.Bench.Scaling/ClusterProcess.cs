using System.Diagnostics;

namespace PersoActors.Bench.Scaling;

/// <summary>One real process of the cluster (a silo or the gateway) started from the repository's Release build
/// output with <c>dotnet</c>, so its PID is the application's own; its output goes to a log file.</summary>
internal sealed class ClusterProcess : IDisposable
{
    private readonly Process process;

    private ClusterProcess(Process process) => this.process = process;

    public bool HasExited => process.HasExited;

    public static ClusterProcess Start(string root, string project, string assembly, string log, params string[] arguments)
    {
        var dll = Path.Combine(root, project, "bin", "Release", "net10.0", assembly + ".dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build {project} in Release first ({dll}).", dll);
        }

        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            UseShellExecute = false,
        };
        // exec: the PID we hold is the application's, not a shell's; output to the log file.
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec dotnet \"$0\" \"$@\" >\"$LOG\" 2>&1");
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LOG"] = log;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        return new ClusterProcess(Process.Start(start)!);
    }

    /// <summary>SIGTERM: Orleans' graceful stop (deactivate and flush every grain, leave the membership table).</summary>
    public void Terminate() => Process.Start("kill", ["-TERM", process.Id.ToString()])!.WaitForExit();

    /// <summary>SIGKILL: a crash.</summary>
    public void Kill() => process.Kill();

    public Task WaitForExitAsync() => process.WaitForExitAsync();

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit(5000);
        }

        process.Dispose();
    }
}
