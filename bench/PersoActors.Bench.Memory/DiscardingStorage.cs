using System.Globalization;
using PersoActors.Runtime;

namespace PersoActors.Bench.Memory;

/// <summary>Acknowledges every write and keeps nothing: the measurement is the silo's memory per active
/// customer, and a store kept in the same process (memory storage) would count every profile twice.</summary>
public sealed class DiscardingStorage : IGrainStorage
{
    private long _version;

    public Task<StoredState?> ReadAsync(GrainId grainId, string stateName) => Task.FromResult<StoredState?>(null);

    public Task<string> WriteAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> data, string? expectedETag, StateWriteMode mode) =>
        Task.FromResult(Interlocked.Increment(ref _version).ToString(CultureInfo.InvariantCulture));

    public Task<string> AppendAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> entry, string expectedETag) =>
        Task.FromResult(Interlocked.Increment(ref _version).ToString(CultureInfo.InvariantCulture));

    public Task ClearAsync(GrainId grainId, string stateName, string? expectedETag) => Task.CompletedTask;
}
