using PersoActors.Bench.Decisions;
using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Decisions;

// In-process decision latency on a 100k-item catalog, against a plain popularity top-N lookup measured in the same run.
// Usage: [iterations]              measure every operation
//        --profile NAME [seconds]   run one operation (home, core, product, fallback, experience, offers) in a loop for perf
//        --dump FILE                write varied decisions to FILE (compare before/after an optimization)
const int ItemCount = 100_000;
const int Categories = 500;
var profileMode = args.Length > 0 && args[0] == "--profile";
var dumpMode = args.Length > 1 && args[0] == "--dump";
var iterations = !profileMode && !dumpMode && args.Length > 0 ? int.Parse(args[0]) : 20_000;
var random = new Random(2025);

Console.WriteLine($"Building a {ItemCount:N0}-item catalog ({Categories} categories) with signals...");
var build = System.Diagnostics.Stopwatch.StartNew();
var snapshot = BenchWorld.Snapshot(ItemCount, Categories, random);
Console.WriteLine($"Snapshot built in {build.Elapsed.TotalMilliseconds:F0} ms");

var customers = Enumerable.Range(0, 1000).Select(i => BenchWorld.Customer(i, ItemCount, Categories, random)).ToArray();
var noConsent = customers.Select(c => c with { PersonalizationConsent = false }).ToArray();
var states = new CustomerDecisionState[customers.Length];
Array.Fill(states, CustomerDecisionState.Empty);
var engine = new DecisionEngine(new DecisionOptions(), TimeProvider.System);
var recommender = new Recommender(new DecisionOptions().Recommender);
var now = BenchWorld.Now;
var home = new RecommendationsRequest("home", 10, Context: new DecisionContext(Device: "mobile", Channel: "web", LocalHour: 8));
var productPage = new RecommendationsRequest("product_page", 10, "item-42", new DecisionContext(Device: "desktop"));
var experience = new ExperienceRequest("home", Context: new DecisionContext(Channel: "web"));
var offers = new OffersRequest(new DecisionContext(Channel: "web"));
var sink = 0;

var operations = new LatencyRecorder.Operation[]
{
    new("baseline", "baseline: popularity top-10 lookup", iterations, i =>
    {
        var result = new List<RecommendedItem>(10);
        foreach (var index in snapshot.Signals.Trending)
        {
            var entry = snapshot.Catalog.Items[index];
            if (entry.InStock)
            {
                var item = entry.Item;
                result.Add(new RecommendedItem(item.Id, item.Title, item.Categories, item.Brand, item.Price, snapshot.Signals.Popularity[index], new ItemReason("trending", "Trending now")));
                if (result.Count == 10)
                {
                    break;
                }
            }
        }

        sink += result.Count;
    }),
    new("home", "recommendations: home, personalized", iterations, i =>
    {
        var c = i % customers.Length;
        var result = engine.Recommend(customers[c], home, states[c], snapshot, now);
        states[c] = result.State;
        sink += result.Response.Items.Count;
    }),
    new("core", "  of which Recommender.Recommend alone", iterations, i =>
        sink += recommender.Recommend(customers[i % customers.Length], home, snapshot, now).Items.Count),
    new("product", "recommendations: product page", iterations, i =>
        sink += engine.Recommend(customers[i % customers.Length], productPage, states[i % customers.Length], snapshot, now).Response.Items.Count),
    new("fallback", "recommendations: no consent (fallback)", iterations, i =>
        sink += engine.Recommend(noConsent[i % customers.Length], home, null, snapshot, now).Response.Items.Count),
    new("experience", "experience: home", iterations / 2, i =>
        sink += engine.Experience(customers[i % customers.Length], experience, states[i % customers.Length], snapshot, now).Response.Blocks.Count),
    new("offers", "offers: next best action", iterations, i =>
        sink += engine.Offers(customers[i % customers.Length], offers, states[i % customers.Length], snapshot, now).Response.Offers.Count),
};

if (dumpMode)
{
    GoldenDump.Write(args[1], engine, snapshot, customers, now);
    Console.WriteLine($"Decisions written to {args[1]}");
    return;
}

if (profileMode)
{
    var op = operations.Single(o => o.Key == (args.Length > 1 ? args[1] : "home"));
    var seconds = args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20;
    LatencyRecorder.Spin(TimeSpan.FromSeconds(2), op.Call);
    Console.WriteLine($"PROFILE START {Environment.ProcessId}");
    var calls = LatencyRecorder.Spin(TimeSpan.FromSeconds(seconds), op.Call);
    Console.WriteLine($"{op.Name}: {calls:N0} calls in {seconds} s (checksum {sink})");
    return;
}

var figures = LatencyRecorder.Measure(operations);
var baseline = figures[0];

Console.WriteLine();
Console.WriteLine($"Load average: {File.ReadAllText("/proc/loadavg").Trim()} on {Environment.ProcessorCount} cores");
Console.WriteLine("(wall-clock percentiles include time the thread was descheduled by other processes; CPU µs/op does not)");
Console.WriteLine($"{"operation",-40} {"p50 µs",8} {"p99 µs",8} {"p99.9 µs",9} {"mean µs",8} {"CPU µs/op",9} {"alloc B/op",10} {"p50/base",9} {"CPU/base",9}");
foreach (var f in figures)
{
    Console.WriteLine($"{f.Name,-40} {f.P50,8:F1} {f.P99,8:F1} {f.P999,9:F1} {f.Mean,8:F1} {f.CpuMean,9:F2} {f.AllocatedPerOp,10:N0} {f.P50 / baseline.P50,8:F1}x {f.CpuMean / baseline.CpuMean,8:F1}x");
}

var personalized = figures[1];
Console.WriteLine();
Console.WriteLine($"Target: personalized recommendation p99 <= 200 µs -> {(personalized.P99 <= 200 ? "MET" : "NOT MET")} ({personalized.P99:F1} µs)");
Console.WriteLine($"(checksum {sink})");
