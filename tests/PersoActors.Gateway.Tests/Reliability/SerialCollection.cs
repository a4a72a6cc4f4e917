namespace PersoActors.Gateway.Tests.Reliability;

/// <summary>Tests that starve the process's thread pool on purpose: they run alone, after the parallel ones, so no
/// other test's timing is disturbed and theirs is not.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ThreadPoolStarvingCollection
{
    public const string Name = "starves the thread pool";
}
