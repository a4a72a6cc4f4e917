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

/// <summary>Writing the recommendation answer (10 items) as the gateway does, with its source-generated JSON
/// context, into a reused buffer: the serializer's own cost, without Kestrel's.</summary>
[MemoryDiagnoser]
public class ResponseJsonBenchmarks
{
    private readonly ArrayBufferWriter<byte> buffer = new(16 * 1024);
    private JsonTypeInfo<RecommendationsResponse> gatewayJson = null!;
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

        gatewayJson = GatewayContext();
        writer = new Utf8JsonWriter(buffer);
    }

    /// <summary>The answer written by the gateway's context (the bytes Kestrel then copies to the socket).</summary>
    [Benchmark]
    public int SerializeRecommendations()
    {
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        JsonSerializer.Serialize(writer, response, gatewayJson);
        writer.Flush();
        return buffer.WrittenCount;
    }

    /// <summary>The gateway keeps its JSON context internal; the benchmark takes it by name rather than a copy of it,
    /// so it measures exactly the gateway's options.</summary>
    private static JsonTypeInfo<RecommendationsResponse> GatewayContext()
    {
        const string name = "PersoActors.Gateway.Decisions.DecisionResponseJson";
        var type = typeof(PersoActors.Gateway.Http.ApiProblems).Assembly.GetType(name)
            ?? throw new InvalidOperationException($"{name} not found in the gateway: update {nameof(ResponseJsonBenchmarks)}.");
        var context = (JsonSerializerContext)type.GetProperty("Default", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        return (JsonTypeInfo<RecommendationsResponse>)(context.GetTypeInfo(typeof(RecommendationsResponse))
            ?? throw new InvalidOperationException($"{name} does not write {nameof(RecommendationsResponse)}."));
    }
}
