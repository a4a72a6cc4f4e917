using PersoActors.Runtime;

namespace PersoActors.Runtime.Tests.Grains;

public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Increments after yielding, so overlapping turns would be visible.</summary>
    Task<int> IncrementAsync();

    Task<int> GetMaxConcurrencyAsync();
}

public interface IRegisterGrain : IGrainWithStringKey
{
    /// <summary>Keeps the value in memory; it reaches the store only when the grain deactivates.</summary>
    Task SetAsync(string value);

    /// <summary>Writes the value to the store at once.</summary>
    Task SetDurablyAsync(string value);

    Task<string?> GetAsync();
}

public interface IBehaviourGrain : IGrainWithStringKey
{
    Task<string> EchoAsync(string text);

    Task WaitForReleaseAsync();

    Task ThrowSynchronouslyAsync(string message);

    Task<int> ThrowAfterAwaitAsync(string message);

    Task<string> CallOtherAsync(string otherKey, string text);
}
