using System.Collections.Concurrent;
using System.Diagnostics;

namespace PersoActors.Tests.Shared.Processes;

/// <summary>A real process of one of our executables (silo, gateway), started from its build output with
/// <c>dotnet</c> so its PID is the application's own, and stopped by that PID.</summary>
internal abstract class AppProcess : IDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> lastLines = new();

    protected AppProcess(string project, string assembly, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var dll = BuiltDll(project, assembly);
        // Its own folder, so it reads its appsettings.json like an operator's `cd bin && dotnet X.dll` does.
        start.WorkingDirectory = Path.GetDirectoryName(dll)!;
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        process = Process.Start(start)!;
        process.OutputDataReceived += (_, line) => Remember(line.Data);
        process.ErrorDataReceived += (_, line) => Remember(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>The exit code, once <see cref="HasExited"/>.</summary>
    public int ExitCode => process.ExitCode;

    /// <summary>The last lines the process wrote, for failure messages.</summary>
    public string Output => string.Join(Environment.NewLine, lastLines);

    /// <summary>SIGKILL: no shutdown hook runs, exactly like a crash.</summary>
    public void KillHard() => process.Kill(entireProcessTree: false);

    /// <summary>Sends a POSIX signal (<see cref="PosixSignals"/>): SIGTERM to stop it gracefully, SIGSTOP/SIGCONT to
    /// freeze it the way a long GC pause or a starved machine does.</summary>
    public void Signal(int signal) => PosixSignals.Send(process.Id, signal);

    /// <summary>Waits for the process to end by itself; false if it is still running after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit(5000);
        }

        process.Dispose();
    }

    /// <summary>tests/X/bin/CONFIG/FRAMEWORK → PROJECT/bin/CONFIG/FRAMEWORK/ASSEMBLY.dll (the test project builds it).</summary>
    private static string BuiltDll(string project, string assembly)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        var root = output.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(root, project, "bin", configuration, framework, assembly + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the {project} project first: {dll} is missing.", dll);
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lastLines.Enqueue(line);
        while (lastLines.Count > 400)
        {
            lastLines.TryDequeue(out _);
        }
    }
}
