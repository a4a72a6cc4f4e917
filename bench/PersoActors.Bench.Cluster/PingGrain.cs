using PersoActors.Runtime;

namespace PersoActors.Bench.Cluster;

/// <summary>A small request and reply, about the size of a personalization call.</summary>
public sealed record Ping(string CustomerId, int Sequence, string Page);

public sealed record Pong(int Sequence, long Count);

public interface IPingGrain : IGrainWithStringKey
{
    Task<Pong> PingAsync(Ping ping);
}

public sealed class PingGrain : Grain, IPingGrain
{
    private long count;

    public Task<Pong> PingAsync(Ping ping) => Task.FromResult(new Pong(ping.Sequence, ++count));
}
