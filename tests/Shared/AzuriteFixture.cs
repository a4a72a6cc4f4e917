using System.Diagnostics;
using System.Net;
using PersoActors.Storage.Hosting;

namespace PersoActors.Tests.Shared;

/// <summary>A throwaway Azurite table service for the tests: Azurite 3.37.0 from npm (installed by
/// scripts/install-deps.sh under <c>~/.cache/persoactors/azurite-3.37.0</c>, or where <c>PERSOACTORS_TOOLS</c> points),
/// started on a free 127.0.0.1 port with its data in memory, stopped by its PID afterwards.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string Version = "3.37.0";

    // Azurite's well-known development account (published in its documentation), not a secret.
    private const string Account = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string directory = Directory.CreateTempSubdirectory("persoactors-azurite-").FullName;
    private readonly System.Text.StringBuilder log = new();
    private Process? process;

    /// <summary>An Azure Storage connection string for the table service.</summary>
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var script = FindAzuriteTable();
        var port = FreePort.On(IPAddress.Loopback);
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            script, "--tableHost", "127.0.0.1", "--tablePort", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--inMemoryPersistence", "--skipApiVersionCheck", "--disableTelemetry", "--silent",
        })
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

        ConnectionString = $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{port}/{Account};";
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

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "azurite";
}
