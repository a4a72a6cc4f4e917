using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PersoActors.Bench.Runtime;
using PersoActors.Runtime;
using PersoActors.Runtime.Hosting;

// Local grain calls and SQLite state writes, each next to a baseline measured in the same run.
var seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5;
var duration = TimeSpan.FromSeconds(seconds);
var workers = Environment.ProcessorCount;
var dataDirectory = Directory.CreateTempSubdirectory("persoactors-bench-");
Console.WriteLine($"PersoActors runtime benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
Console.WriteLine($"{duration.TotalSeconds} s per measurement, {workers} workers\n");

var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.Services.AddPersoActorsSilo(silo => silo
    .AddGrains(typeof(BenchGrain).Assembly)
    .UseSqliteStorage(Path.Combine(dataDirectory.FullName, "bench.db")));
using var host = builder.Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IGrainFactory>();

// 1. Local calls: one grain per worker (no contention), against a direct await on plain objects.
var plain = Enumerable.Range(0, workers).Select(_ => new PlainCounter()).ToArray();
var baseline = await Measure.RunAsync("baseline: direct await on a plain object", workers, duration, (w, _) => plain[w].AddAsync(1));
var perWorker = Enumerable.Range(0, workers).Select(w => grains.GetGrain<IBenchGrain>($"hot-{w}")).ToArray();
var local = await Measure.RunAsync("local grain call (1 grain per worker)", workers, duration, (w, _) => perWorker[w].AddAsync(1));
// The proxy's share: the same call handed straight to the catalog, without the DispatchProxy.
var catalog = host.Services.GetRequiredService<PersoActors.Runtime.Activations.Catalog>();
var addMethod = PersoActors.Runtime.Calls.GrainInterface.Of(typeof(IBenchGrain)).ByMethodInfo[typeof(IBenchGrain).GetMethod(nameof(IBenchGrain.AddAsync))!];
var hotIds = Enumerable.Range(0, workers).Select(w => new GrainId("bench", $"hot-{w}")).ToArray();
object?[] one = [1];
var direct = await Measure.RunAsync("same call without the proxy (catalog)", workers, duration, (w, _) => catalog.Invoke(hotIds[w], addMethod, one));
var many = Enumerable.Range(0, 10_000).Select(i => grains.GetGrain<IBenchGrain>($"many-{i}")).ToArray();
var spread = await Measure.RunAsync("local grain call (10k grains)", workers, duration, (w, i) => many[(i * workers + w) % many.Length].AddAsync(1));
var reference = await Measure.RunAsync("GetGrain + call (new reference each call)", workers, duration, (w, i) => grains.GetGrain<IBenchGrain>($"many-{i % 10_000}").AddAsync(1));

// 2. Durable state writes: many grains writing concurrently share commits (group commit),
//    against one writer awaiting each commit (what a write costs without batching).
var sequential = await Measure.RunAsync("baseline: one awaited write at a time", 1, duration, (_, i) => grains.GetGrain<IBenchGrain>("solo").WriteAsync(i));
var writers = 256;
var grouped = await Measure.RunAsync($"group-committed writes ({writers} grains)", writers, duration, (w, i) => grains.GetGrain<IBenchGrain>($"writer-{w}").WriteAsync(i));

await host.StopAsync();
Console.WriteLine();
foreach (var result in new[] { baseline, local, direct, spread, reference, sequential, grouped })
{
    Console.WriteLine(result);
}

Console.WriteLine();
Console.WriteLine($"local grain call / direct await:        {local.OpsPerSecond / baseline.OpsPerSecond:P1} of the baseline's rate (target: ≥ 1,000,000 calls/s → {(local.OpsPerSecond >= 1_000_000 ? "met" : "missed")})");
Console.WriteLine($"proxy cost per call:                    {1e6 / local.OpsPerSecond * workers - 1e6 / direct.OpsPerSecond * workers:N3} µs of CPU");
Console.WriteLine($"10k-grain calls / direct await:         {spread.OpsPerSecond / baseline.OpsPerSecond:P1}");
Console.WriteLine($"group commit / one write at a time:     {grouped.OpsPerSecond / sequential.OpsPerSecond:N1}×");
dataDirectory.Delete(recursive: true);
