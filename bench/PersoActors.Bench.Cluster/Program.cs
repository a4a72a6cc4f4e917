using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PersoActors.Bench.Cluster;
using PersoActors.Runtime;
using PersoActors.Runtime.Cluster.Hosting;
using PersoActors.Runtime.Cluster.Membership;
using PersoActors.Runtime.Hosting;

// Remote grain calls through the TCP transport: one silo and one client in this process, over
// loopback. Usage: dotnet run -c Release --project bench/PersoActors.Bench.Cluster -- [seconds] [concurrency]
var seconds = args.Length > 0 ? int.Parse(args[0]) : 10;
var concurrency = args.Length > 1 ? int.Parse(args[1]) : 512;
var table = new InMemoryMembershipTable();

var siloBuilder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
siloBuilder.Logging.AddFilter(level => level >= LogLevel.Warning);
siloBuilder.Services.AddPersoActorsSilo(silo => silo
    .AddGrains(typeof(PingGrain).Assembly)
    .UseCluster(cluster => cluster.UseInMemoryMembership(table).Configure(o => o.ClusterId = "bench")));
using var siloHost = siloBuilder.Build();
await siloHost.StartAsync();

var clientBuilder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
clientBuilder.Services.AddPersoActorsClient(cluster => cluster.UseInMemoryMembership(table).Configure(o => o.ClusterId = "bench"));
using var clientHost = clientBuilder.Build();
await clientHost.StartAsync();
var grains = clientHost.Services.GetRequiredService<IGrainFactory>();
var pings = Enumerable.Range(0, 1000).Select(i => grains.GetGrain<IPingGrain>($"customer-{i}")).ToArray();

await RunAsync(TimeSpan.FromSeconds(2), record: false); // Warm-up (JIT, connections, activations).
var (calls, latencies, elapsed) = await RunAsync(TimeSpan.FromSeconds(seconds), record: true);
Array.Sort(latencies);
Console.WriteLine($"remote calls: {calls} in {elapsed.TotalSeconds:0.0} s = {calls / elapsed.TotalSeconds:N0} calls/s (concurrency {concurrency}, {Environment.ProcessorCount} cores)");
Console.WriteLine($"latency: p50 {Percentile(0.50):0.000} ms, p99 {Percentile(0.99):0.000} ms, p99.9 {Percentile(0.999):0.000} ms");
await clientHost.StopAsync();
await siloHost.StopAsync();

double Percentile(double p) => latencies.Length == 0 ? 0 : latencies[(int)Math.Min(latencies.Length - 1, p * latencies.Length)] * 1000.0 / Stopwatch.Frequency;

async Task<(long Calls, long[] Latencies, TimeSpan Elapsed)> RunAsync(TimeSpan duration, bool record)
{
    var stop = Stopwatch.StartNew();
    var samples = new List<long>[concurrency];
    var workers = Enumerable.Range(0, concurrency).Select(async worker =>
    {
        await Task.Yield();
        var mine = samples[worker] = new List<long>(1 << 16);
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
