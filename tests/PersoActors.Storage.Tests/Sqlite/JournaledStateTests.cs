using System.Text;
using Orleans.Storage;
using PersoActors.Storage.Tests.Infrastructure;

namespace PersoActors.Storage.Tests.Sqlite;

/// <summary>The facet object on its own (the cluster tests cover its wiring into activations).</summary>
public sealed class JournaledStateTests : IDisposable
{
    private static readonly GrainId Grain = GrainId.Create("customer", "journaled");
    private readonly TempDirectory directory = new();

    [Fact]
    public async Task A_journaled_state_appends_replays_and_folds_its_journal()
    {
        await using var storage = new SqliteGrainStorage(directory.File("state.db"));
        var writer = new JournaledState<Box>("box", Grain, storage);
        await writer.ReadStateAsync();
        Assert.False(writer.RecordExists);
        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.AppendAsync("x"u8.ToArray()));

        writer.State.Value = "snapshot";
        await writer.WriteStateAsync();
        await writer.AppendAsync("a"u8.ToArray());
        await writer.AppendAsync("b"u8.ToArray());
        Assert.Equal(2, writer.JournalLength);

        var reader = new JournaledState<Box>("box", Grain, storage);
        await reader.ReadStateAsync();
        Assert.Equal("snapshot", reader.State.Value);
        Assert.Equal(writer.Etag, reader.Etag);
        Assert.Equal(2, reader.JournalLength);
        Assert.Equal(["a", "b"], reader.TakeJournal().Select(e => Encoding.UTF8.GetString(e.Span)));
        Assert.Empty(reader.TakeJournal());

        reader.State.Value = "folded";
        await reader.WriteStateAsync(StateWriteMode.Scrub);
        Assert.Equal(0, reader.JournalLength);
        await Assert.ThrowsAsync<InconsistentStateException>(() => writer.AppendAsync("stale"u8.ToArray()));
        await Assert.ThrowsAsync<InconsistentStateException>(() => writer.WriteStateAsync());

        await reader.ClearStateAsync();
        Assert.False(reader.RecordExists);
        Assert.Null(reader.Etag);
        Assert.Null(reader.State.Value);
    }

    public void Dispose() => directory.Dispose();
}
