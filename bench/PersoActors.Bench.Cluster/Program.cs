using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using PersoActors.Bench.Cluster;
using PersoActors.Storage.Hosting;

// Remote grain calls between two Orleans silos in this process, over loopback TCP, joined through the SQLite
// membership table: every ping grain lives on silo B and is called from non-grain code on silo A.
// Usage: dotnet run -c Release --project bench/PersoActors.Bench.Cluster -- [seconds=10] [concurrency=256]
var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 10;
var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 256;
var directory = Directory.CreateTempSubdirectory("persoactors-cluster-");
var membership = Path.Combine(directory.FullName, "membership.db");

using var siloA = await StartSiloAsync(membership);
using var siloB = await StartSiloAsync(membership);
var callee = siloB.Services.GetRequiredService<IGrainFactory>();
var caller = siloA.Services.GetRequiredService<IGrainFactory>();
var home = siloB.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToString();
await Parallel.ForAsync(0, 1000, async (i, _) => await callee.GetGrain<IPingGrain>($"customer-{i}").SiloAsync());
var pings = Enumerable.Range(0, 1000).Select(i => caller.GetGrain<IPingGrain>($"customer-{i}")).ToArray();
if (await pings[0].SiloAsync() != home)
{
    throw new InvalidOperationException("The ping grains are not on silo B: the calls would not be remote.");
}

await RunAsync(TimeSpan.FromSeconds(Math.Min(2, seconds)), record: false); // Warm-up (JIT, connections, directory caches).
var (calls, latencies, elapsed) = await RunAsync(TimeSpan.FromSeconds(seconds), record: true);
Array.Sort(latencies);
Console.WriteLine($"remote calls silo A → silo B: {calls:N0} in {elapsed.TotalSeconds:0.0} s = {calls / elapsed.TotalSeconds:N0} calls/s (concurrency {concurrency}, {Environment.ProcessorCount} cores)");
Console.WriteLine($"latency: p50 {Percentile(0.50):0.000} ms, p99 {Percentile(0.99):0.000} ms, p99.9 {Percentile(0.999):0.000} ms");
await siloA.StopAsync();
await siloB.StopAsync();
directory.Delete(recursive: true);

double Percentile(double p) => latencies.Length == 0 ? 0 : latencies[(int)Math.Min(latencies.Length - 1, p * latencies.Length)] * 1000.0 / Stopwatch.Frequency;

async Task<(long Calls, long[] Latencies, TimeSpan Elapsed)> RunAsync(TimeSpan duration, bool record)
{
    var stop = Stopwatch.StartNew();
    var samples = new List<long>[concurrency];
    var workers = Enumerable.Range(0, concurrency).Select(async worker =>
    {
        await Task.Yield();
        var mine = samples[worker] = new List<long>(1 << 12);
        var sequence = 0;
        while (stop.Elapsed < duration)
        {
            var started = Stopwatch.GetTimestamp();
            await pings[(worker * 7919 + sequence) % pings.Length].PingAsync(new Ping("c", sequence++, "home"));
            if (record && (sequence & 7) == 0)
            {
                mine.Add(Stopwatch.GetTimestamp() - started);
            }
        }

        return (long)sequence;
    }).ToArray();
    var counts = await Task.WhenAll(workers);
    return (counts.Sum(), [.. samples.SelectMany(s => s)], stop.Elapsed);
}

static async Task<IHost> StartSiloAsync(string membership)
{
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.ClearProviders();
    builder.UseOrleans(silo => silo
        .UseSqliteClustering(membership)
        .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = ("bench", "bench"))
        .ConfigureEndpoints(IPAddress.Loopback, FreePort.On(IPAddress.Loopback), 0));
    var host = builder.Build();
    await host.StartAsync();
    return host;
}
