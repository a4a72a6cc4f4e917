using System.Diagnostics;

namespace PersoActors.Browser.Tests.Infrastructure;

/// <summary>A real process of one of the solution's executables (the gateway, a silo), started from that project's
/// build output and stopped by its PID.</summary>
internal sealed class ProjectProcess : IDisposable
{
    private readonly Process process;
    private readonly List<string> output = [];

    private ProjectProcess(Process process) => this.process = process;

    /// <summary>Starts <c>PROJECT/bin/CONFIG/FRAMEWORK/ASSEMBLY.dll</c> (the configuration and framework of this test
    /// build) with <paramref name="arguments"/>.</summary>
    public static ProjectProcess Start(string projectFolder, string assembly, params string[] arguments)
    {
        var dll = OutputOf(projectFolder, assembly);
        var start = new ProcessStartInfo("dotnet")
        {
            // The content root: where the build put the project's appsettings.json.
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var started = new ProjectProcess(Process.Start(start)!);
        started.process.OutputDataReceived += (_, line) => started.Record(line.Data);
        started.process.ErrorDataReceived += (_, line) => started.Record(line.Data);
        started.process.BeginOutputReadLine();
        started.process.BeginErrorReadLine();
        return started;
    }

    public bool HasExited => process.HasExited;

    /// <summary>What the process printed so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return string.Join('\n', output);
            }
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

    private void Record(string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.Add(line);
            }
        }
    }

    /// <summary>tests/X/bin/CONFIG/FRAMEWORK → PROJECT/bin/CONFIG/FRAMEWORK/ASSEMBLY.dll.</summary>
    private static string OutputOf(string projectFolder, string assembly)
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var root = testOutput.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(root, projectFolder, "bin", configuration, framework, assembly + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the {projectFolder} project first: {dll} is missing.", dll);
    }
}
