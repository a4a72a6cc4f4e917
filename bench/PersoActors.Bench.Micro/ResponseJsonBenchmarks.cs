using System.Buffers;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BenchmarkDotNet.Attributes;
using PersoActors.Bench.Decisions;
using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Bench.Micro;

/// <summary>Writing the recommendation answer (10 items) as the gateway does (its <c>RecommendationsJsonWriter</c>),
/// into a reused buffer: the serializer's own cost, without Kestrel's; the baseline is the same answer written by the
/// gateway's source-generated JSON context, which the writer replaced.</summary>
[MemoryDiagnoser]
public class ResponseJsonBenchmarks
{
    private readonly ArrayBufferWriter<byte> buffer = new(16 * 1024);
    private JsonTypeInfo<RecommendationsResponse> gatewayJson = null!;
    private JsonTypeInfo<RecommendationsResponse> generatedJson = null!;
    private RecommendationsResponse response = null!;
    private Utf8JsonWriter writer = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(2025);
        var snapshot = BenchWorld.Snapshot(2_000, 500, random);
        var engine = new DecisionEngine(new DecisionOptions(), TimeProvider.System);
        response = engine.Recommend(BenchWorld.Customer(1, 2_000, 500, random), new RecommendationsRequest("home", 10), null, snapshot, BenchWorld.Now).Response;
        if (response.Items.Count != 10)
        {
            throw new InvalidOperationException($"Expected a 10-item answer, got {response.Items.Count}.");
        }

        gatewayJson = GatewayWriter("Recommendations");
        generatedJson = GatewayWriter("Default.RecommendationsResponse");
        writer = new Utf8JsonWriter(buffer);
    }

    /// <summary>The answer written as the gateway writes it (the bytes Kestrel then copies to the socket).</summary>
    [Benchmark]
    public int SerializeRecommendations() => Write(gatewayJson);

    /// <summary>The same answer written by the generated context.</summary>
    [Benchmark(Baseline = true)]
    public int SerializeRecommendationsGenerated() => Write(generatedJson);

    private int Write(JsonTypeInfo<RecommendationsResponse> json)
    {
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        JsonSerializer.Serialize(writer, response, json);
        writer.Flush();
        return buffer.WrittenCount;
    }

    /// <summary>The gateway keeps its JSON writers internal; the benchmark takes them by name (a static property path
    /// on <c>DecisionResponseJson</c>) rather than a copy, so it measures exactly what the gateway writes with.</summary>
    private static JsonTypeInfo<RecommendationsResponse> GatewayWriter(string path)
    {
        const string name = "PersoActors.Gateway.Decisions.DecisionResponseJson";
        object? value = typeof(PersoActors.Gateway.Http.ApiProblems).Assembly.GetType(name)
            ?? throw new InvalidOperationException($"{name} not found in the gateway: update {nameof(ResponseJsonBenchmarks)}.");
        foreach (var member in path.Split('.'))
        {
            value = value is Type type
                ? type.GetProperty(member, BindingFlags.Public | BindingFlags.Static)?.GetValue(null)
                : value?.GetType().GetProperty(member, BindingFlags.Public | BindingFlags.Instance)?.GetValue(value);
        }

        return value as JsonTypeInfo<RecommendationsResponse>
            ?? throw new InvalidOperationException($"{name}.{path} does not write {nameof(RecommendationsResponse)}: update {nameof(ResponseJsonBenchmarks)}.");
    }
}
