using BenchmarkDotNet.Attributes;
using PersoActors.Bench.Decisions;
using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Bench.Micro;

/// <summary>What a warm customer grain computes for <c>POST /v1/customers/{id}/recommendations</c> (home, 10 items):
/// <see cref="DecisionEngine.Recommend"/> on a profile already in memory, its decision state carried from the
/// previous call. The catalog of the HTTP benchmark (2,000 items) and the target's (100,000 items).</summary>
[MemoryDiagnoser]
public class RecommendBenchmarks
{
    private const int Categories = 500;
    private const int CustomerCount = 1_000;
    private readonly RecommendationsRequest home = new("home", 10, Context: new DecisionContext(Device: "mobile", Channel: "web", LocalHour: 8));
    private DecisionEngine engine = null!;
    private DecisionSnapshot snapshot = null!;
    private DecisionProfile[] customers = null!;
    private CustomerDecisionState?[] states = null!;
    private int next;

    [Params(2_000, 100_000)]
    public int CatalogItems { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(2025);
        snapshot = BenchWorld.Snapshot(CatalogItems, Categories, random);
        customers = Enumerable.Range(0, CustomerCount).Select(i => BenchWorld.Customer(i, CatalogItems, Categories, random)).ToArray();
        engine = new DecisionEngine(new DecisionOptions(), TimeProvider.System);
        states = new CustomerDecisionState?[CustomerCount];
        for (var i = 0; i < CustomerCount; i++)
        {
            states[i] = engine.Recommend(customers[i], home, null, snapshot, BenchWorld.Now).State;
        }
    }

    /// <summary>One recommendation for the next customer in turn (1,000 customers, so their data is not all in cache).</summary>
    [Benchmark]
    public int RecommendHome()
    {
        var c = next++ % CustomerCount;
        var result = engine.Recommend(customers[c], home, states[c], snapshot, BenchWorld.Now);
        states[c] = result.State;
        return result.Response.Items.Count;
    }
}
