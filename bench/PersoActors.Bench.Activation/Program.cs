using System.Globalization;
using System.Text.Json;
using PersoActors.Bench.Activation;
using PersoActors.Bench.Memory;

// Cold activation: the first call to a customer whose state (consents + 100 events) is in the SQLite file but
// not in memory, against the same call on the now-active customer (the baseline), measured in the same run.
// Usage: PersoActors.Bench.Activation [customers=20000] [callers=1,16]; last line of output is JSON.
var customers = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
var callerCounts = args.Length > 1 ? args[1].Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray() : [1, 16];
var directory = Directory.CreateTempSubdirectory("persoactors-activation-");
var database = Path.Combine(directory.FullName, "customers.db");
Console.WriteLine($"PersoActors cold-activation benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}");

await using (var seeding = await Silo.StartAsync(database))
{
    await Workload.ActivateAsync(seeding.Grains, "warmup", 500, 100);
    foreach (var callers in callerCounts)
    {
        await Workload.ActivateAsync(seeding.Grains, Prefix(callers), customers, 100);
    }
}

Console.WriteLine($"{customers:N0} customers per run stored with 100 events each ({new FileInfo(database).Length / 1048576.0:F0} MiB file, in the OS page cache)\n");
var results = new List<object>();
await using (var silo = await Silo.StartAsync(database))
{
    await Latency.FirstCallsAsync(silo.Grains, "warmup", 500, 4); // JIT of the activation path
    foreach (var callers in callerCounts)
    {
        var cold = await Latency.FirstCallsAsync(silo.Grains, Prefix(callers), customers, callers);
        var warm = await Latency.FirstCallsAsync(silo.Grains, Prefix(callers), customers, callers);
        Console.WriteLine($"{callers,3} callers  cold (state load)  {cold}");
        Console.WriteLine($"{callers,3} callers  warm (baseline)    {warm}   cold p99 / warm p99: {cold.P99Ms / warm.P99Ms:N1}×");
        results.Add(new { callers, cold, warm });
    }
}

var worst = results.Cast<dynamic>().Max(r => (double)r.cold.P99Ms);
Console.WriteLine($"\ncold activation p99 (worst of the runs): {worst:N2} ms (target ≤ 10 ms → {(worst <= 10 ? "met" : "missed")})");
Console.WriteLine("BENCH_JSON " + JsonSerializer.Serialize(new { customers, eventsPerCustomer = 100, results }));
if (Environment.GetEnvironmentVariable("KEEP_DB") is null) directory.Delete(recursive: true); else Console.WriteLine(database);

static string Prefix(int callers) => $"c{callers}";
