namespace PersoActors.Storage.Tests.Grains;

/// <summary>A grain with a <see cref="JournaledStateAttribute"/> state.</summary>
public interface IJournalGrain : IGrainWithStringKey
{
    /// <summary>What this activation found in its state when OnActivateAsync ran.</summary>
    Task<ActivationView> GetActivationViewAsync();

    Task SetAsync(string value);

    Task AppendAsync(string entry);

    Task EraseAsync();

    Task DeactivateAsync();
}

/// <summary>A grain with a plain Orleans <c>[PersistentState]</c> on the default provider.</summary>
public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> IncrementAsync();

    Task<int> GetAsync();

    Task DeactivateAsync();
}

[GenerateSerializer, Immutable]
public sealed record ActivationView(
    [property: Id(0)] Guid Activation,
    [property: Id(1)] bool RecordExisted,
    [property: Id(2)] string? Value,
    [property: Id(3)] string[] Journal);
