using PersoActors.Bench.Decisions;
using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Decisions;

// In-process decision latency on a 100k-item catalog, against a plain popularity top-N lookup measured in the same run.
const int ItemCount = 100_000;
const int Categories = 500;
var iterations = args.Length > 0 ? int.Parse(args[0]) : 20_000;
var random = new Random(2025);

Console.WriteLine($"Building a {ItemCount:N0}-item catalog ({Categories} categories) with signals...");
var build = System.Diagnostics.Stopwatch.StartNew();
var snapshot = BenchWorld.Snapshot(ItemCount, Categories, random);
Console.WriteLine($"Snapshot built in {build.Elapsed.TotalMilliseconds:F0} ms");

var customers = Enumerable.Range(0, 1000).Select(i => BenchWorld.Customer(i, ItemCount, Categories, random)).ToArray();
var states = new CustomerDecisionState[customers.Length];
Array.Fill(states, CustomerDecisionState.Empty);
var engine = new DecisionEngine(new DecisionOptions(), TimeProvider.System);
var now = BenchWorld.Now;
var home = new RecommendationsRequest("home", 10, Context: new DecisionContext(Device: "mobile", Channel: "web", LocalHour: 8));
var productPage = new RecommendationsRequest("product_page", 10, "item-42", new DecisionContext(Device: "desktop"));
var experience = new ExperienceRequest("home", Context: new DecisionContext(Channel: "web"));
var offers = new OffersRequest(new DecisionContext(Channel: "web"));
var sink = 0;

var baseline = LatencyRecorder.Measure("baseline: popularity top-10 lookup", 5_000, iterations, i =>
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
});

var figures = new List<LatencyRecorder.Figures>
{
    baseline,
    LatencyRecorder.Measure("recommendations: home, personalized", 5_000, iterations, i =>
    {
        var c = i % customers.Length;
        var result = engine.Recommend(customers[c], home, states[c], snapshot, now);
        states[c] = result.State;
        sink += result.Response.Items.Count;
    }),
    LatencyRecorder.Measure("recommendations: product page", 5_000, iterations, i =>
        sink += engine.Recommend(customers[i % customers.Length], productPage, states[i % customers.Length], snapshot, now).Response.Items.Count),
    LatencyRecorder.Measure("recommendations: no consent (fallback)", 5_000, iterations, i =>
        sink += engine.Recommend(customers[i % customers.Length] with { PersonalizationConsent = false }, home, null, snapshot, now).Response.Items.Count),
    LatencyRecorder.Measure("experience: home", 2_000, iterations / 2, i =>
        sink += engine.Experience(customers[i % customers.Length], experience, states[i % customers.Length], snapshot, now).Response.Blocks.Count),
    LatencyRecorder.Measure("offers: next best action", 5_000, iterations, i =>
        sink += engine.Offers(customers[i % customers.Length], offers, states[i % customers.Length], snapshot, now).Response.Offers.Count),
};

Console.WriteLine();
Console.WriteLine($"Load average: {File.ReadAllText("/proc/loadavg").Trim()} on {Environment.ProcessorCount} cores (wall-clock figures include time the thread was not scheduled; CPU µs/op does not)");
Console.WriteLine($"{"operation",-42} {"p50 µs",9} {"p99 µs",9} {"p99.9 µs",9} {"mean µs",9} {"CPU µs/op",10} {"p50 / baseline",15}");
foreach (var f in figures)
{
    Console.WriteLine($"{f.Name,-42} {f.P50,9:F1} {f.P99,9:F1} {f.P999,9:F1} {f.Mean,9:F1} {f.CpuMean,10:F1} {f.P50 / baseline.P50,14:F1}x");
}

var personalized = figures[1];
Console.WriteLine();
Console.WriteLine($"Target: personalized recommendation p99 <= 200 µs -> {(personalized.P99 <= 200 ? "MET" : "NOT MET")} ({personalized.P99:F1} µs)");
Console.WriteLine($"(checksum {sink})");
