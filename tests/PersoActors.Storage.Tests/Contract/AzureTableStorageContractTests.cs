using System.Text;
using Azure.Data.Tables;
using Orleans.Storage;
using PersoActors.Storage.Tests.Infrastructure;
using PersoActors.Tests.Shared;

namespace PersoActors.Storage.Tests.Contract;

[Collection(AzuriteCollection.Name)]
public sealed class AzureTableStorageContractTests(AzuriteFixture azurite) : StorageContract
{
    protected override Task<IJournaledGrainStorage> CreateStorageAsync() =>
        Task.FromResult<IJournaledGrainStorage>(new AzureTableGrainStorage(azurite.ConnectionString));

    [Fact]
    public async Task Snapshots_and_entries_larger_than_an_entity_are_split_and_read_back_whole()
    {
        var grain = NewGrain();
        // 2.9 MiB of state: five pieces, more than one transaction carries; and an entry of two pieces.
        var large = RandomText(3_000_000);
        var entry = RandomText(1_200_000);
        var etag = await WriteAsync(grain, large, null);
        etag = await AppendAsync(grain, entry, etag);
        etag = await AppendAsync(grain, "", etag);

        var (state, journal) = await ReadAsync(grain);

        Assert.Equal(large, state.State.Value);
        Assert.Equal([entry, ""], journal);
        Assert.Equal(etag, state.ETag);
    }

    [Fact]
    public async Task A_write_deletes_the_superseded_snapshot_and_its_journal()
    {
        var grain = NewGrain();
        var etag = await WriteAsync(grain, RandomText(2_500_000), null);
        etag = await AppendAsync(grain, "e1", etag);
        etag = await AppendAsync(grain, RandomText(100_000), etag);

        await WriteAsync(grain, "small", etag);

        Assert.Equal(["head"], await RowKeysAsync(grain));
    }

    [Fact]
    public async Task Clearing_deletes_every_entity_of_the_record()
    {
        var grain = NewGrain();
        var etag = await WriteAsync(grain, RandomText(2_500_000), null);
        etag = await AppendAsync(grain, "secret", etag);

        await ClearAsync(grain, etag);

        Assert.Empty(await RowKeysAsync(grain));
    }

    [Fact]
    public async Task A_write_that_loses_its_race_leaves_no_piece_behind()
    {
        var grain = NewGrain();
        var etag = await WriteAsync(grain, "state", null);
        await WriteAsync(grain, "winner", etag);

        await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(grain, RandomText(3_000_000), etag));

        Assert.Equal(["head"], await RowKeysAsync(grain));
        Assert.Equal("winner", (await ReadAsync(grain)).State.State.Value);
    }

    [Fact]
    public async Task Racing_appenders_from_two_storages_with_one_etag_have_one_winner()
    {
        var second = new AzureTableGrainStorage(azurite.ConnectionString);
        var grain = NewGrain();
        var etag = await WriteAsync(grain, "state", null);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
        {
            var state = new GrainState<Box>(new()) { ETag = etag };
            try
            {
                await (i % 2 == 0 ? Storage : second).AppendAsync("s", grain, state, Encoding.UTF8.GetBytes($"racer {i}"));
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        }));

        Assert.Single(outcomes, won => won);
        Assert.Single((await ReadAsync(grain)).Journal);
    }

    [Theory]
    [InlineData("a/b", "a~2Fb")]
    [InlineData("x#1?", "x|1")]
    [InlineData("back\\slash", "tab\tkey")]
    [InlineData("zażółć", "ZA")]
    public async Task Keys_with_characters_azure_forbids_are_stored_and_kept_apart(string first, string second)
    {
        var one = GrainId.Create("register", first);
        var other = GrainId.Create("register", second);
        await ClearAsync(one, null);
        await ClearAsync(other, null);

        await WriteAsync(one, "one", null);
        await WriteAsync(other, "other", null);

        Assert.Equal("one", (await ReadAsync(one)).State.State.Value);
        Assert.Equal("other", (await ReadAsync(other)).State.State.Value);
    }

    private async Task<List<string>> RowKeysAsync(GrainId grain)
    {
        var table = new TableClient(azurite.ConnectionString, AzureTableGrainStorage.DefaultTableName);
        var partition = AzureTableKeys.Partition(RecordKey.For(grain, "s"));
        var keys = new List<string>();
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["RowKey"]))
        {
            keys.Add(entity.RowKey);
        }

        return keys;
    }

    private static string RandomText(int length)
    {
        var random = new Random(length);
        return string.Create(length, random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)('a' + r.Next(26));
            }
        });
    }
}
