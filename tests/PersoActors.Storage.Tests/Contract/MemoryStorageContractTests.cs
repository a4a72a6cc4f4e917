namespace PersoActors.Storage.Tests.Contract;

public sealed class MemoryStorageContractTests : StorageContract
{
    protected override Task<IJournaledGrainStorage> CreateStorageAsync() =>
        Task.FromResult<IJournaledGrainStorage>(new MemoryJournaledGrainStorage());
}
