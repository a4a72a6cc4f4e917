using System.Text;
using Orleans.Storage;
using PersoActors.Storage.Tests.Infrastructure;
using PersoActors.Tests.Shared;

namespace PersoActors.Storage.Tests.Faults;

/// <summary>Azurite stopped and restarted under a running Azure Table storage: while it is down, writes fail with
/// <see cref="StoreUnavailableException"/> (unreachable) and store nothing; once it is back the same storage works
/// again, without being recreated. Its own Azurite (tables in files), since this test stops it.</summary>
public sealed class AzuriteFaultTests(DiskAzuriteFixture azurite) : IClassFixture<DiskAzuriteFixture>
{
    [Fact]
    public async Task While_Azurite_is_stopped_writes_fail_as_unavailable_and_after_a_restart_the_same_storage_writes_again()
    {
        var storage = new AzureTableGrainStorage(azurite.ConnectionString);
        var grain = GrainId.Create("register", Guid.NewGuid().ToString("N"));
        var etag = await WriteAsync(storage, grain, "before", null);
        etag = await AppendAsync(storage, grain, "entry 1", etag);

        await azurite.StopAsync();
        try
        {
            var write = await Assert.ThrowsAsync<StoreUnavailableException>(() => WriteAsync(storage, grain, "during", etag));
            Assert.Equal(StoreUnavailableException.Unreachable, write.Reason);
            var append = await Assert.ThrowsAsync<StoreUnavailableException>(() => AppendAsync(storage, grain, "entry 2", etag));
            Assert.Equal(StoreUnavailableException.Unreachable, append.Reason);
            Assert.DoesNotContain("AccountKey", append.Message, StringComparison.Ordinal);
        }
        finally
        {
            await azurite.StartAsync();
        }

        // Nothing of the failed writes was stored: the ETag from before the outage is still the current one.
        var (value, journal, stored) = await ReadAsync(storage, grain);
        Assert.Equal("before", value);
        Assert.Equal(["entry 1"], journal);
        Assert.Equal(etag, stored);
        await AppendAsync(storage, grain, "entry 2", etag);
        Assert.Equal(["entry 1", "entry 2"], (await ReadAsync(storage, grain)).Journal);
    }

    private static async Task<string> WriteAsync(AzureTableGrainStorage storage, GrainId grain, string value, string? etag)
    {
        var state = new GrainState<Box>(new Box { Value = value }) { ETag = etag };
        await storage.WriteStateAsync("s", grain, state);
        return state.ETag!;
    }

    private static async Task<string> AppendAsync(AzureTableGrainStorage storage, GrainId grain, string entry, string etag)
    {
        var state = new GrainState<Box>(new Box()) { ETag = etag, RecordExists = true };
        await storage.AppendAsync("s", grain, state, Encoding.UTF8.GetBytes(entry));
        return state.ETag!;
    }

    private static async Task<(string? Value, string[] Journal, string? ETag)> ReadAsync(AzureTableGrainStorage storage, GrainId grain)
    {
        var state = new GrainState<Box>();
        var journal = await storage.ReadStateAndJournalAsync("s", grain, state);
        return (state.State?.Value, journal.Select(e => Encoding.UTF8.GetString(e.Span)).ToArray(), state.ETag);
    }
}
