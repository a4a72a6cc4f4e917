using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PersoActors.Bench.Ingestion;
using PersoActors.Grains.Customers;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Runtime;
using PersoActors.Runtime.Hosting;

// Durable event ingestion at the grain level on a real silo with SQLite storage, next to baselines measured in the
// same run. Usage: PersoActors.Bench.Ingestion [customers=20000] [seconds=5] [callers=256]; last line is JSON.
var customers = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
var duration = TimeSpan.FromSeconds(args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5);
var callers = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 256;
var data = Directory.CreateTempSubdirectory("persoactors-ingest-");
Console.WriteLine($"PersoActors ingestion benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
Console.WriteLine($"{customers:N0} customers (analytics consent, 100 events each beforehand), {callers} concurrent callers, {duration.TotalSeconds} s per figure, SQLite in {data.FullName}\n");

// 1. The storage's ceiling: raw group-committed SQLite inserts, one row per event, same pragmas as the silo's store.
var eventBytes = Workload.EncodedEventBytes();
var raw = RawSqlite.Measure(Path.Combine(data.FullName, "raw.db"), eventBytes, rowsPerCommit: 512, duration);
Console.WriteLine(raw);

var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.Services.AddPersoActorsSilo(silo => silo
    .AddCustomerGrains()
    .AddGrains(typeof(SmallRowGrain).Assembly)
    .UseSqliteStorage(Path.Combine(data.FullName, "silo.db"))
    .Configure(o =>
    {
        o.CollectionAge = TimeSpan.FromHours(1);
        o.MaxActivations = Math.Max(o.MaxActivations, customers + 10_000);
    }));
using var host = builder.Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IGrainFactory>();

// 2. The runtime's own group commit of small rows (a tiny state per grain): the ceiling of durable grain writes.
var small = await Rate.MeasureAsync("runtime group commit, small rows", callers, duration, 1,
    (caller, i) => grains.GetGrain<ISmallRowGrain>($"s-{(caller + (long)i * callers) % customers}").WriteAsync(i));
Console.WriteLine(small);

Console.Error.WriteLine($"  preparing {customers:N0} customers...");
await Workload.PrepareAsync(grains, customers);

var results = new List<Rate.Result>();
foreach (var size in new[] { 1, 10, 100 })
{
    var batches = Workload.Batches(size);
    var result = await Rate.MeasureAsync($"customer.TrackEvents, {size,3} events/batch", callers, duration, size,
        (caller, i) => grains.GetGrain<ICustomerGrain>(Workload.Id((caller + (long)i * callers) % customers))
            .TrackEventsAsync(batches[(caller + i) % batches.Length]));
    results.Add(result);
    Console.WriteLine(result);
}

await host.StopAsync();
Console.WriteLine();
Console.WriteLine($"baseline A: raw SQLite, one {eventBytes}-byte row per event, 512 rows/commit: {raw.RowsPerSecond,12:N0} rows/s");
Console.WriteLine($"baseline B: runtime group commit of small rows:                   {small.WritesPerSecond,12:N0} writes/s");
foreach (var r in results)
{
    Console.WriteLine($"{r.Name}: {r.EventsPerSecond,12:N0} events/s = {r.EventsPerSecond / raw.RowsPerSecond,6:P0} of A, " +
        $"{r.WritesPerSecond / small.WritesPerSecond,6:P0} of B's writes/s; {r.CpuMicrosPerEvent,6:N1} µs CPU/event, {r.DiskBytesPerEvent,7:N0} B written/event " +
        $"(target 100k events/s → {(r.EventsPerSecond >= 100_000 ? "met" : "missed")})");
}

Console.WriteLine("BENCH_JSON " + JsonSerializer.Serialize(new
{
    customers,
    callers,
    seconds = duration.TotalSeconds,
    rawSqliteRowsPerSecond = Math.Round(raw.RowsPerSecond),
    rawSqliteRowBytes = eventBytes,
    smallRowWritesPerSecond = Math.Round(small.WritesPerSecond),
    ingestion = results.Select(r => new
    {
        r.BatchSize,
        eventsPerSecond = Math.Round(r.EventsPerSecond),
        ratioToRawSqlite = Math.Round(r.EventsPerSecond / raw.RowsPerSecond, 3),
        writesPerSecond = Math.Round(r.WritesPerSecond),
        ratioToSmallRowWrites = Math.Round(r.WritesPerSecond / small.WritesPerSecond, 3),
        cpuMicrosPerEvent = Math.Round(r.CpuMicrosPerEvent, 2),
        diskBytesPerEvent = Math.Round(r.DiskBytesPerEvent),
        p50Ms = Math.Round(r.P50Ms, 2),
        p99Ms = Math.Round(r.P99Ms, 2),
    }),
}));
data.Delete(recursive: true);
