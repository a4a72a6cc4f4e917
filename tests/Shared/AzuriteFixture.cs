using System.Diagnostics;
using System.Net;
using PersoActors.Storage.Hosting;

namespace PersoActors.Tests.Shared;

/// <summary>A throwaway Azurite table service for the tests: Azurite 3.37.0 from npm (installed by
/// scripts/install-deps.sh under <c>~/.cache/persoactors/azurite-3.37.0</c>, or where <c>PERSOACTORS_TOOLS</c> points),
/// started on a free 127.0.0.1 port with its data in memory, stopped by its PID afterwards.</summary>
public class AzuriteFixture : IAsyncLifetime
{
    public const string Version = "3.37.0";

    // Azurite's well-known development account (published in its documentation), not a secret.
    private const string Account = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string directory = Directory.CreateTempSubdirectory("persoactors-azurite-").FullName;
    private readonly System.Text.StringBuilder log = new();
    private Process? process;
    private TaskCompletionSource closed = new();
    private int port;

    /// <summary>An Azure Storage connection string for the table service.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>Keep the tables in files (so they survive <see cref="StopAsync"/> and <see cref="StartAsync"/>) instead of memory.</summary>
    protected virtual bool KeepsDataOnDisk => false;

    public async Task InitializeAsync()
    {
        port = FreePort.On(IPAddress.Loopback);
        await StartAsync();
        ConnectionString = ConnectionStringFor(port);
    }

    /// <summary>The connection string of the development account on a table service at 127.0.0.1:<paramref name="port"/>.</summary>
    public static string ConnectionStringFor(int port) =>
        $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{port}/{Account};";

    /// <summary>Stops Azurite the way Ctrl+C does (SIGINT: Azurite saves its files and closes); the port stays this
    /// fixture's for <see cref="StartAsync"/>.</summary>
    public async Task StopAsync()
    {
        using (var interrupt = Process.Start("kill", ["-INT", process!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await interrupt.WaitForExitAsync();
        }

        // Azurite may keep its event loop alive after closing; once it says it closed, its files are saved.
        await Task.WhenAny(closed.Task, process.WaitForExitAsync()).WaitAsync(TimeSpan.FromSeconds(30));
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process.Dispose();
        process = null;
    }

    /// <summary>Starts Azurite on this fixture's port and waits until it accepts requests.</summary>
    public async Task StartAsync()
    {
        closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var script = FindAzuriteTable();
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            script, "--tableHost", "127.0.0.1", "--tablePort", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--skipApiVersionCheck", "--disableTelemetry", "--silent",
            .. KeepsDataOnDisk ? ["--location", directory] : new[] { "--inMemoryPersistence" },
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, line) => Observe(line.Data, started);
        process.ErrorDataReceived += (_, line) => Observe(line.Data, started);
        process.Exited += (_, _) => started.TrySetException(new InvalidOperationException($"Azurite exited at start-up: {Log()}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        if (process is not null)
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }

            process.Dispose();
        }

        Directory.Delete(directory, recursive: true);
    }

    private void Observe(string? line, TaskCompletionSource started)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.AppendLine(line);
        }

        if (line.Contains("successfully started", StringComparison.OrdinalIgnoreCase))
        {
            started.TrySetResult();
        }
        else if (line.Contains("successfully closed", StringComparison.OrdinalIgnoreCase))
        {
            closed.TrySetResult();
        }
    }

    private string Log()
    {
        lock (log)
        {
            return log.ToString();
        }
    }

    private static string FindAzuriteTable()
    {
        var tools = Environment.GetEnvironmentVariable("PERSOACTORS_TOOLS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "persoactors");
        var script = Path.Combine(tools, $"azurite-{Version}", "node_modules", "azurite", "dist", "src", "table", "main.js");
        return File.Exists(script) ? script : throw new InvalidOperationException(
            $"Azurite {Version} not found at {script}: run `bash scripts/install-deps.sh` (npm install azurite@{Version} into {tools}).");
    }
}

/// <summary>An Azurite whose tables are kept in files, for tests that stop and restart it.</summary>
public sealed class DiskAzuriteFixture : AzuriteFixture
{
    protected override bool KeepsDataOnDisk => true;
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "azurite";
}
