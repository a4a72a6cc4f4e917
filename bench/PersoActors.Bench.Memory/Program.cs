using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using PersoActors.Bench;
using PersoActors.Bench.Memory;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Storage.Hosting;

// Memory of N active customers with 100 events each in one silo: GC heap and working set per customer.
// Usage: PersoActors.Bench.Memory [customers=1000000] [events=100]; last line of output is JSON.
var customers = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var eventsPerCustomer = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;

var silo = await BenchSilo.StartAsync(s =>
{
    s.AddJournaledGrainStorage("Default", _ => new DiscardingStorage());
    s.Services.Configure<GrainCollectionOptions>(o =>
    {
        // Every customer stays active for the measurement: no idle collection, no shedding under memory pressure.
        o.CollectionAge = TimeSpan.FromHours(2);
        o.EnableActivationSheddingOnMemoryPressure = false;
    });
});
var grains = silo.Grains;

// The shared pools (item ids, categories, subjects) are paid once per process, not per customer.
await Workload.ActivateAsync(grains, "warmup", 2_000, eventsPerCustomer);
var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
var workingSetBefore = Process.GetCurrentProcess().WorkingSet64;

var clock = Stopwatch.StartNew();
var progress = new Timer(_ => Console.Error.WriteLine($"  {Workload.Done:N0} customers, {clock.Elapsed.TotalSeconds:F0} s"), null, 10_000, 10_000);
await Workload.ActivateAsync(grains, "c", customers, eventsPerCustomer);
await progress.DisposeAsync();
var elapsed = clock.Elapsed;

var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
using var process = Process.GetCurrentProcess();
var workingSetAfter = process.WorkingSet64;
var sample = await grains.GetGrain<ICustomerGrain>("c-0").GetProfileAsync();
if (sample.RecentEvents.Count != eventsPerCustomer)
{
    throw new InvalidOperationException($"c-0 holds {sample.RecentEvents.Count} events, expected {eventsPerCustomer}.");
}

var perCustomerHeap = (heapAfter - heapBefore) / (double)customers;
var fragmented = GC.GetGCMemoryInfo().FragmentedBytes;
if (Environment.GetEnvironmentVariable("MEMORY_BENCH_HOLD_SECONDS") is { } hold)
{
    // Keeps the customers active so a heap dump can be taken: dotnet-gcdump collect -p <pid>, then dotnet-gcdump report.
    Console.WriteLine($"holding pid {Environment.ProcessId} for {hold} s");
    await Task.Delay(TimeSpan.FromSeconds(int.Parse(hold, CultureInfo.InvariantCulture)));
}

await silo.DisposeAsync();

// The breakdown: the same profiles built without the runtime, so the rest is the grain shell and the Orleans activation.
// Measured once the silo is gone (nothing else allocates or frees then) and after the working set was read.
var (profileBytes, decisionViewBytes) = ProfileFootprint.BytesPerProfile(Math.Min(customers, 20_000), eventsPerCustomer);

var result = new
{
    customers,
    eventsPerCustomer,
    seconds = Math.Round(elapsed.TotalSeconds, 1),
    gcHeapBytes = heapAfter,
    gcHeapBytesPerCustomer = Math.Round((heapAfter - heapBefore) / (double)customers),
    profileBytesPerCustomer = Math.Round(profileBytes),
    activationBytesPerCustomer = Math.Round(perCustomerHeap - profileBytes),
    cachedDecisionViewBytes = Math.Round(decisionViewBytes),
    gcFragmentedBytes = fragmented,
    workingSetBytes = workingSetAfter,
    workingSetBytesPerCustomer = Math.Round((workingSetAfter - workingSetBefore) / (double)customers),
    storage = "discarding (writes acknowledged, nothing kept in process)",
    gc = $"workstation, non-concurrent, conserve memory {AppContext.GetData("System.GC.ConserveMemory") ?? 0}",
};
Console.WriteLine($"{customers:N0} active customers x {eventsPerCustomer} events in {elapsed.TotalSeconds:F0} s: " +
    $"GC heap {heapAfter / 1048576.0:F0} MiB ({result.gcHeapBytesPerCustomer:F0} B/customer), " +
    $"working set {workingSetAfter / 1048576.0:F0} MiB ({result.workingSetBytesPerCustomer:F0} B/customer added, {workingSetAfter / (double)customers:F0} B/customer with the process)");
Console.WriteLine($"per customer: profile {profileBytes:F0} B (CustomerProfile alone), grain shell + Orleans activation {perCustomerHeap - profileBytes:F0} B; " +
    $"GC fragmentation {result.gcFragmentedBytes / 1048576.0:F0} MiB; not in these figures (no decisions here): " +
    $"the decision view a grain caches after a decision, {decisionViewBytes:F0} B more per customer");
Console.WriteLine("BENCH_JSON " + JsonSerializer.Serialize(result));
