using System.Text;
using Orleans.Concurrency;

namespace PersoActors.Bench.Floor;

/// <summary>A customer grain that only answers: the per-call cost of Orleans and nothing else.</summary>
public interface IFloorCustomerGrain : IGrainWithStringKey
{
    /// <summary>The customer's recommendations as response bytes, the same for every call.</summary>
    ValueTask<Immutable<byte[]>> RecommendAsync();
}

internal sealed class FloorCustomerGrain : Grain, IFloorCustomerGrain
{
    // Ten items shaped like PersoActors' answer (id, title, categories, brand, price, score, reason), ~2.4 KB.
    private static readonly Immutable<byte[]> Answer = new(Encoding.UTF8.GetBytes(
        "{\"decisionId\":\"d-floor-0000000000000000000000000000\",\"slot\":\"home\",\"personalized\":true,\"items\":[" +
        string.Join(",", Enumerable.Range(0, 10).Select(i =>
            $"{{\"itemId\":\"sku-{i:D5}\",\"title\":\"Catalog item number {i}\",\"categories\":[\"shoes\",\"shoes/running\"],\"brand\":\"Brand {i % 7}\",\"price\":{49 + i}.99,\"score\":0.{9000 - i * 37:D4},\"reason\":{{\"code\":\"similar_to_recent\",\"text\":\"Because you viewed Catalog item number {i + 10}\"}}}}")) +
        "]}"));

    public ValueTask<Immutable<byte[]>> RecommendAsync() => new(Answer);
}
