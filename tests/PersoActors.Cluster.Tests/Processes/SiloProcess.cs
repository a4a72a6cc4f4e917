using System.Diagnostics;

namespace PersoActors.Cluster.Tests.Processes;

/// <summary>A real PersoActors.Silo process, started from the Silo project's build output and
/// stopped by its PID.</summary>
internal sealed class SiloProcess : IDisposable
{
    private readonly Process process;

    private SiloProcess(Process process) => this.process = process;

    public int Pid => process.Id;

    public bool HasExited => process.HasExited;

    public static SiloProcess Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(SiloDll());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new SiloProcess(process);
    }

    /// <summary>SIGKILL: no shutdown hook runs, exactly like a crash.</summary>
    public void KillHard() => process.Kill(entireProcessTree: false);

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit(5000);
        }

        process.Dispose();
    }

    /// <summary>tests/X/bin/CONFIG/net10.0 → Silo/bin/CONFIG/net10.0/PersoActors.Silo.dll.</summary>
    private static string SiloDll()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        var root = output.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(root, "Silo", "bin", configuration, framework, "PersoActors.Silo.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the Silo project first: {dll} is missing.", dll);
    }
}
