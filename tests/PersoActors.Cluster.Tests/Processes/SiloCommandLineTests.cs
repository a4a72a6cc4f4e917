using PersoActors.Tests.Shared.Processes;

namespace PersoActors.Cluster.Tests.Processes;

/// <summary>A silo process given switches it cannot use exits at once with a message naming the switch, rather than
/// running with a setting nobody reads. (Configuration keys given as switches, <c>--Orchestration:…</c>, are accepted:
/// the orchestration process tests start silos with them.)</summary>
public sealed class SiloCommandLineTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("persoactors-cli-").FullName;

    [Theory]
    [InlineData("--gatway-port", "0", "Unknown switch '--gatway-port'")]
    [InlineData("--port", "70000", "--port must be a TCP port number (0-65535), not '70000'")]
    [InlineData("--host", "localhost", "--host must be an IP address")]
    public async Task A_switch_the_silo_cannot_use_stops_it_with_a_message_naming_the_switch(string name, string value, string message)
    {
        using var silo = SiloProcess.Start("--membership", $"sqlite:{Path.Combine(directory, "m.db")}", "--storage", "memory", name, value);

        Assert.True(await silo.WaitForExitAsync(TimeSpan.FromSeconds(60)), "The silo kept running.");
        Assert.Contains(message, silo.Output);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
