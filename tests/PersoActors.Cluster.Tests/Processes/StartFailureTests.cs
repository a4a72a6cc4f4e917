using PersoActors.Grains.Hosting;
using PersoActors.Storage.Hosting;
using PersoActors.Tests.Shared;
using PersoActors.Tests.Shared.Processes;

namespace PersoActors.Cluster.Tests.Processes;

/// <summary>A gateway or silo process that cannot start — a setting refused, a store file that is not a database, a
/// store that cannot be reached —
/// ends with exit code 1 and one line naming the cause, not as a crash (an unhandled exception's stack trace and
/// SIGABRT's exit code 134), and leaves the file it refused as it was.</summary>
public sealed class StartFailureTests : IDisposable
{
    private static readonly TimeSpan Exit = TimeSpan.FromSeconds(60);
    private readonly string directory = Directory.CreateTempSubdirectory("persoactors-start-").FullName;

    [Fact]
    public async Task A_gateway_with_a_refused_setting_exits_1_naming_the_setting()
    {
        using var gateway = GatewayProcess.Launch(new Dictionary<string, string>
        {
            ["Storage:SqlitePath"] = Path.Combine(directory, "state.db"),
            ["Overload:MaxConcurrentRequests"] = "0",
        });

        await AssertCouldNotStartAsync(gateway, "PersoActors gateway could not start: Overload:MaxConcurrentRequests must be at least 1");
    }

    [Fact]
    public async Task A_silo_whose_store_file_is_not_a_database_exits_1_naming_the_file_and_leaves_it_as_it_was()
    {
        var notADatabase = Path.Combine(directory, "state.db");
        byte[] bytes = [.. "a log file, not a database\n"u8];
        await File.WriteAllBytesAsync(notADatabase, bytes);

        using var silo = SiloProcess.Start("--membership", $"sqlite:{Path.Combine(directory, "membership.db")}", "--storage", $"sqlite:{notADatabase}");

        await AssertCouldNotStartAsync(silo, $"PersoActors silo could not start: {notADatabase} is not a SQLite database");
        Assert.Equal(bytes, await File.ReadAllBytesAsync(notADatabase));
    }

    [Fact]
    public async Task A_silo_whose_azure_account_cannot_be_reached_exits_1_naming_the_endpoint()
    {
        var closedPort = FreePort.On(System.Net.IPAddress.Loopback);
        var account = $"azure:{AzuriteFixture.ConnectionStringFor(closedPort)}";

        using var silo = SiloProcess.Start("--membership", account, "--storage", account);

        await AssertCouldNotStartAsync(silo, $"PersoActors silo could not start: Connection refused (127.0.0.1:{closedPort})");
    }

    private static async Task AssertCouldNotStartAsync(AppProcess process, string message)
    {
        Assert.True(await process.WaitForExitAsync(Exit), $"It kept running:{Environment.NewLine}{process.Output}");
        Assert.Equal(StartFailureExit.CouldNotStart, process.ExitCode);
        Assert.Contains(message, process.Output);
        Assert.DoesNotContain("Unhandled exception", process.Output);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
