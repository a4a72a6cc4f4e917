using System.Diagnostics;
using System.Net;
using Npgsql;
using PersoActors.Storage.Hosting;

namespace PersoActors.Tests.Shared;

/// <summary>A throwaway PostgreSQL server for the tests: initdb into a temporary directory, started
/// on a free 127.0.0.1 port, stopped and deleted afterwards. As root, the server runs as the
/// <c>postgres</c> user (PostgreSQL refuses to run as root). Missing binaries: run scripts/install-deps.sh.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private readonly string directory = Directory.CreateTempSubdirectory("persoactors-pg-").FullName;
    private string bin = "";
    private int port;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        bin = FindBinaries();
        var port = FreePort.On(IPAddress.Loopback);
        var data = Path.Combine(directory, "data");
        if (Environment.UserName == "root")
        {
            Run("chown", "-R", "postgres:postgres", directory);
        }

        RunAsPostgres(Path.Combine(bin, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8");
        this.port = port;
        Start();
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=40";
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
    }

    public Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            RunAsPostgres(Path.Combine(bin, "pg_ctl"), "-D", Path.Combine(directory, "data"), "-m", "immediate", "-w", "stop");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        return Task.CompletedTask;
    }

    /// <summary>Stops the server (fast shutdown: open sessions are cut), as an outage would; <see cref="Start"/> brings
    /// it back on the same port with the same data.</summary>
    public void Stop() =>
        RunAsPostgres(Path.Combine(bin, "pg_ctl"), "-D", Path.Combine(directory, "data"), "-m", "fast", "-w", "-t", "60", "stop");

    /// <summary>Starts the server (again) and waits until it accepts connections.</summary>
    public void Start() =>
        RunAsPostgres(Path.Combine(bin, "pg_ctl"), "-D", Path.Combine(directory, "data"), "-o",
            $"-c listen_addresses=127.0.0.1 -p {port} -k {directory} -c fsync=on -c max_connections=400", "-w", "-t", "60", "-l", Path.Combine(directory, "server.log"), "start");

    private static string FindBinaries()
    {
        var root = "/usr/lib/postgresql";
        var found = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => b, StringComparer.Ordinal).FirstOrDefault()
            : null;
        return found ?? throw new InvalidOperationException(
            "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: run `bash scripts/install-deps.sh` (installs postgresql-15).");
    }

    private static void RunAsPostgres(string program, params string[] arguments)
    {
        if (Environment.UserName != "root")
        {
            Run(program, arguments);
            return;
        }

        var command = string.Join(' ', new[] { program }.Concat(arguments).Select(Quote));
        Run("su", "postgres", "-s", "/bin/sh", "-c", command);
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''") + "'";

    private static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill();
            throw new TimeoutException($"{program} did not finish within 120 s.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {stdout.Result}{stderr.Result}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
