using System.Buffers;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
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

        gatewayJson = GatewayStatic("Recommendations") as JsonTypeInfo<RecommendationsResponse>
            ?? throw new InvalidOperationException($"The gateway's Recommendations writer is not a JsonTypeInfo: update {nameof(ResponseJsonBenchmarks)}.");
        generatedJson = (GatewayStatic("Default") as JsonSerializerContext)?.GetTypeInfo(typeof(RecommendationsResponse)) as JsonTypeInfo<RecommendationsResponse>
            ?? throw new InvalidOperationException($"The gateway's JSON context does not write {nameof(RecommendationsResponse)}: update {nameof(ResponseJsonBenchmarks)}.");
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

    /// <summary>The gateway keeps its JSON writers internal; the benchmark takes them by name (static properties of
    /// <c>DecisionResponseJson</c>) rather than a copy, so it measures exactly what the gateway writes with.</summary>
    private static object? GatewayStatic(string property)
    {
        const string name = "PersoActors.Gateway.Decisions.DecisionResponseJson";
        var type = typeof(PersoActors.Gateway.Http.ApiProblems).Assembly.GetType(name)
            ?? throw new InvalidOperationException($"{name} not found in the gateway: update {nameof(ResponseJsonBenchmarks)}.");
        return type.GetProperty(property, BindingFlags.Public | BindingFlags.Static)?.GetValue(null);
    }
}
