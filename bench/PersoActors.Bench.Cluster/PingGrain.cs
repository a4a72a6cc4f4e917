using Orleans.Placement;

namespace PersoActors.Bench.Cluster;

/// <summary>A small request and reply, about the size of a personalization call.</summary>
[GenerateSerializer, Immutable]
public sealed record Ping([property: Id(0)] string CustomerId, [property: Id(1)] int Sequence, [property: Id(2)] string Page);

[GenerateSerializer, Immutable]
public sealed record Pong([property: Id(0)] int Sequence, [property: Id(1)] long Count);

public interface IPingGrain : IGrainWithStringKey
{
    Task<Pong> PingAsync(Ping ping);

    /// <summary>The address of the silo this activation lives on.</summary>
    Task<string> SiloAsync();
}

/// <summary>Activated on the silo whose code first calls it, so the benchmark can put every ping grain on one silo
/// and call them from the other.</summary>
[PreferLocalPlacement]
public sealed class PingGrain(ILocalSiloDetails silo) : Grain, IPingGrain
{
    private long count;

    public Task<Pong> PingAsync(Ping ping) => Task.FromResult(new Pong(ping.Sequence, ++count));

    public Task<string> SiloAsync() => Task.FromResult(silo.SiloAddress.ToString());
}
