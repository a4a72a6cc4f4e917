using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using PersoActors.Bench;
using PersoActors.Bench.Calls;
using PersoActors.Storage;
using PersoActors.Storage.Hosting;

// Grain calls through Orleans in one silo, inside the silo (grain to grain) and from non-grain code of the silo's host
// (the co-hosted gateway's path), and SQLite state writes with and without group commit; each next to a baseline
// measured in the same run. Usage: PersoActors.Bench.Calls [seconds=5] [workers=cores].
var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 5;
var workers = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : Environment.ProcessorCount;
var duration = TimeSpan.FromSeconds(seconds);
var data = Directory.CreateTempSubdirectory("persoactors-calls-");
Console.WriteLine($"PersoActors grain-call benchmark (Orleans) — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
Console.WriteLine($"{duration.TotalSeconds} s per measurement (after {duration.TotalSeconds / 4} s warm-up), {workers} workers\n");

var silo = await BenchSilo.StartAsync(s => s.AddSqliteGrainStorageAsDefault(Path.Combine(data.FullName, "bench.db")));
var grains = silo.Grains;
var store = (SqliteGrainStorage)silo.Services.GetRequiredKeyedService<IGrainStorage>("Default");

// 1. The baseline: the same method on plain objects, one per worker.
var plain = Enumerable.Range(0, workers).Select(_ => new PlainCounter()).ToArray();
var baseline = await Measure.RunAsync("baseline: direct await on a plain object", workers, duration, (w, _) => plain[w].AddAsync(1));

// The 10k targets are activated beforehand: activation is measured by PersoActors.Bench.Activation, not here.
await Parallel.ForAsync(0, CallerGrain.GrainCount, new ParallelOptions { MaxDegreeOfParallelism = 64 },
    async (i, _) => await grains.GetGrain<IBenchGrain>(CallerGrain.Key(i)).AddAsync(0));

// 2. Inside the silo: one caller grain per worker calls other grains of the same silo.
var callers = Enumerable.Range(0, workers).Select(w => grains.GetGrain<ICallerGrain>(w)).ToArray();
async Task<Measure.Result> InSilo(string name, Targets targets) =>
    await Measure.RunStepsAsync(name, workers, duration, async (w, _, samples) =>
    {
        samples.AddRange(await callers[w].CallAsync(targets, 1024));
        return 1024;
    });
var inOne = await InSilo("in silo: grain → grain (1 target per worker)", Targets.OnePerCaller);
var inMany = await InSilo("in silo: grain → grain (10k grains)", Targets.TenThousand);
var inGet = await InSilo("in silo: GetGrain + call (10k grains)", Targets.GetGrainEachCall);

// 3. The co-hosted path: non-grain code calling through the IGrainFactory of the silo's host, as the gateway does.
var own = Enumerable.Range(0, workers).Select(w => grains.GetGrain<IBenchGrain>($"host-{w}")).ToArray();
var hostOne = await Measure.RunAsync("co-hosted client: call (1 grain per worker)", workers, duration, (w, _) => own[w].AddAsync(1));
var hostGet = await Measure.RunAsync("co-hosted client: GetGrain + call (10k grains)", workers, duration,
    (w, i) => grains.GetGrain<IBenchGrain>(CallerGrain.Key(i * workers + w)).AddAsync(1));

// 4. Durable state writes on SQLite: many grains writing concurrently share commits (group commit), against one
//    writer awaiting each commit (one commit per write).
var solo = grains.GetGrain<IBenchGrain>("solo");
var sequential = await Measure.RunAsync("baseline: one awaited write at a time", 1, duration, (_, i) => solo.WriteAsync(i));
const int writers = 256;
var before = store.GroupCommits;
var grouped = await Measure.RunAsync($"group-committed writes ({writers} grains)", writers, duration,
    (w, i) => grains.GetGrain<IBenchGrain>($"writer-{w}").WriteAsync(i));
var after = store.GroupCommits;

Console.WriteLine();
Measure.Result[] all = [baseline, inOne, inMany, inGet, hostOne, hostGet, sequential, grouped];
foreach (var result in all)
{
    Console.WriteLine(result);
}

var perCommit = (after.Operations - before.Operations) / (double)Math.Max(1, after.Commits - before.Commits);
Console.WriteLine();
Console.WriteLine($"in-silo call / direct await:            {inOne.OpsPerSecond / baseline.OpsPerSecond:P2} of the baseline's rate");
Console.WriteLine($"in-silo 10k grains, GetGrain + call:    {inGet.OpsPerSecond:N0} calls/s");
Console.WriteLine($"co-hosted client / in-silo call:        {hostOne.OpsPerSecond / inOne.OpsPerSecond:P0} (GetGrain + call, 10k grains: {hostGet.OpsPerSecond:N0} calls/s)");
Console.WriteLine($"group commit / one write at a time:     {grouped.OpsPerSecond / sequential.OpsPerSecond:N1}× ({perCommit:N0} writes/commit; target ≥ 40× → {(grouped.OpsPerSecond >= 40 * sequential.OpsPerSecond ? "met" : "missed")})");
Console.WriteLine("BENCH_JSON " + JsonSerializer.Serialize(new
{
    seconds,
    workers,
    results = all.Select(r => new { name = r.Name, opsPerSecond = Math.Round(r.OpsPerSecond), p50Micros = Math.Round(r.P50Micros, 2), p99Micros = Math.Round(r.P99Micros, 2) }),
    inSiloCallsPerSecond = Math.Round(inOne.OpsPerSecond),
    inSiloGetGrainCallsPerSecond = Math.Round(inGet.OpsPerSecond),
    coHostedCallsPerSecond = Math.Round(hostOne.OpsPerSecond),
    coHostedGetGrainCallsPerSecond = Math.Round(hostGet.OpsPerSecond),
    directAwaitPerSecond = Math.Round(baseline.OpsPerSecond),
    groupCommitRatio = Math.Round(grouped.OpsPerSecond / sequential.OpsPerSecond, 1),
    writesPerCommit = Math.Round(perCommit),
}));
await silo.DisposeAsync();
data.Delete(recursive: true);
