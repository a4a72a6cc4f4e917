namespace PersoActors.Cluster.Tests.Grains;

/// <summary>Answers with the address of the silo its activation lives on.</summary>
public interface IWhereaboutsGrain : IGrainWithIntegerKey
{
    Task<string> GetSiloAsync();
}

// Random placement spreads the test's grains over both silos, so stopping one really moves grains.
[Orleans.Placement.RandomPlacement]
public sealed class WhereaboutsGrain(ILocalSiloDetails silo) : Grain, IWhereaboutsGrain
{
    public Task<string> GetSiloAsync() => Task.FromResult(silo.SiloAddress.ToParsableString());
}
