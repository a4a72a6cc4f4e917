using System.Text;
using PersoActors.Storage.Tests.Infrastructure;
using PersoActors.Tests.Shared;

namespace PersoActors.Storage.Tests.Sqlite;

/// <summary>Erasure leaves no trace in the files: the raw bytes of the .db and its -wal are grepped for a marker.</summary>
public sealed class SqlitePrivacyTests : IDisposable
{
    private static readonly GrainId Grain = GrainId.Create("customer", "erased");
    private readonly TempDirectory directory = new();

    [Fact]
    public async Task Clearing_scrubs_the_state_and_its_journal_from_the_files()
    {
        var path = directory.File("clear.db");
        var stateMarker = $"state-marker-{Guid.NewGuid():N}";
        var journalMarker = $"journal-marker-{Guid.NewGuid():N}";
        await using var storage = new SqliteGrainStorage(path);
        var state = new GrainState<Box>(new Box { Value = stateMarker });
        await storage.WriteStateAsync("s", Grain, state);
        await storage.AppendAsync("s", Grain, state, Encoding.UTF8.GetBytes(journalMarker));
        Assert.True(RawFiles.Contain(path, stateMarker));
        Assert.True(RawFiles.Contain(path, journalMarker));

        await storage.ClearStateAsync("s", Grain, state);

        Assert.False(RawFiles.Contain(path, stateMarker), "the state is still in the .db or -wal bytes");
        Assert.False(RawFiles.Contain(path, journalMarker), "the journal entry is still in the .db or -wal bytes");
    }

    [Fact]
    public async Task A_scrubbing_write_removes_the_superseded_state_and_journal_from_the_files()
    {
        var path = directory.File("scrub.db");
        var stateMarker = $"state-marker-{Guid.NewGuid():N}";
        var journalMarker = $"journal-marker-{Guid.NewGuid():N}";
        await using var storage = new SqliteGrainStorage(path);
        var state = new GrainState<Box>(new Box { Value = stateMarker });
        await storage.WriteStateAsync("s", Grain, state);
        // Ordinary writes leave old versions behind: that is what Scrub is for.
        state.State!.Value = "ordinary";
        await storage.WriteStateAsync("s", Grain, state);
        await storage.AppendAsync("s", Grain, state, Encoding.UTF8.GetBytes(journalMarker));

        state.State.Value = "purged";
        await storage.WriteStateAsync("s", Grain, state, StateWriteMode.Scrub);

        Assert.False(RawFiles.Contain(path, stateMarker), "the old state is still in the .db or -wal bytes");
        Assert.False(RawFiles.Contain(path, journalMarker), "the journal entry is still in the .db or -wal bytes");
        var read = new GrainState<Box>();
        Assert.Empty(await storage.ReadStateAndJournalAsync("s", Grain, read));
        Assert.Equal("purged", read.State!.Value);
    }

    public void Dispose() => directory.Dispose();
}
