using System.Diagnostics;
using PersoActors.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;
using PersoActors.Tests.Shared.Processes;

namespace PersoActors.Cluster.Tests.Processes;

/// <summary>The other side of fast failure detection: a silo that stalls for a second — a long GC pause, a busy
/// machine — is suspected at most, never declared dead (a dead silo stops itself and loses its activations).</summary>
public sealed class SiloPauseTests(ITestOutputHelper output) : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("persoactors-pause-").FullName;
    private readonly List<SiloProcess> silos = [];

    [Fact]
    public async Task A_silo_frozen_for_one_second_stays_in_the_cluster()
    {
        var membership = $"sqlite:{Path.Combine(directory, "membership.db")}";
        for (var i = 0; i < 3; i++)
        {
            silos.Add(SiloProcess.Start("--port", "0", "--gateway-port", "0", "--cluster-id", "pause", "--membership", membership, "--storage", "memory"));
        }

        await using var client = await ClusterClient.StartAsync(membership, "pause", callTimeout: TimeSpan.FromSeconds(5));
        await Eventually.WaitUntilAsync(async () => await client.ActiveSilosAsync() == 3, TimeSpan.FromSeconds(60));

        var frozen = silos[1];
        frozen.Signal(PosixSignals.Stop);
        await Task.Delay(TimeSpan.FromSeconds(1));
        frozen.Signal(PosixSignals.Continue);

        // A death declaration would come within the detection time (about 2 s of missed probes, then the votes):
        // watching for three times that is a negative test's only way to see it does not happen.
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(6))
        {
            Assert.Equal(3, await client.ActiveSilosAsync());
            Assert.False(frozen.HasExited, $"The frozen silo stopped itself (declared dead):{Environment.NewLine}{frozen.Output}");
            await Task.Delay(200);
        }

        output.WriteLine("all three silos still active 6 s after a 1 s freeze");
    }

    public void Dispose()
    {
        foreach (var silo in silos)
        {
            silo.Dispose();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
