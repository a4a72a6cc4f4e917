using System.Globalization;
using Orleans.Runtime;
using Orleans.Storage;
using PersoActors.Storage;

namespace PersoActors.Bench.Memory;

/// <summary>Acknowledges every write and keeps nothing: the measurement is the silo's memory per active
/// customer, and a store kept in the same process (memory storage) would count every profile twice.</summary>
public sealed class DiscardingStorage : IJournaledGrainStorage
{
    private long version;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Reset(grainState);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ReadOnlyMemory<byte>>> ReadStateAndJournalAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Reset(grainState);
        return Task.FromResult<IReadOnlyList<ReadOnlyMemory<byte>>>([]);
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Acknowledge(grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, StateWriteMode mode) => Acknowledge(grainState);

    public Task AppendAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, ReadOnlyMemory<byte> entry) => Acknowledge(grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Reset(grainState);
        return Task.CompletedTask;
    }

    private static void Reset<T>(IGrainState<T> grainState)
    {
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private Task Acknowledge<T>(IGrainState<T> grainState)
    {
        grainState.ETag = Interlocked.Increment(ref version).ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }
}
