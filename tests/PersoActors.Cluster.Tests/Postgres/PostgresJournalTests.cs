using System.Text;
using Npgsql;
using PersoActors.Runtime;
using PersoActors.Runtime.State;

namespace PersoActors.Cluster.Tests.Postgres;

/// <summary>The journal part of the storage contract on a real PostgreSQL server.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresJournalTests(PostgresFixture postgres)
{
    private static GrainId NewGrain() => new("counter", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Appended_entries_are_read_back_in_order_and_a_write_drops_them()
    {
        await using var storage = new PostgresGrainStorage(postgres.ConnectionString);
        var grain = NewGrain();
        var etag = await storage.WriteAsync(grain, "s", "state"u8.ToArray(), null, StateWriteMode.Normal);
        etag = await storage.AppendAsync(grain, "s", "e1"u8.ToArray(), etag);
        etag = await storage.AppendAsync(grain, "s", "e2"u8.ToArray(), etag);

        var stored = await storage.ReadAsync(grain, "s");
        Assert.Equal("state", Text(stored!.Data));
        Assert.Equal(["e1", "e2"], stored.Journal.Select(Text));
        Assert.Equal(etag, stored.ETag);

        var snapshot = await storage.WriteAsync(grain, "s", "snapshot"u8.ToArray(), etag, StateWriteMode.Normal);
        stored = await storage.ReadAsync(grain, "s");
        Assert.Equal("snapshot", Text(stored!.Data));
        Assert.Empty(stored.Journal);
        Assert.Equal(snapshot, stored.ETag);
    }

    [Fact]
    public async Task A_stale_etag_can_neither_append_nor_overwrite_nor_clear()
    {
        await using var storage = new PostgresGrainStorage(postgres.ConnectionString);
        var grain = NewGrain();
        var read = await storage.WriteAsync(grain, "s", "state"u8.ToArray(), null, StateWriteMode.Normal);
        var owner = await storage.AppendAsync(grain, "s", "by the owner"u8.ToArray(), read);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.AppendAsync(grain, "s", "stale"u8.ToArray(), read));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(grain, "s", "stale"u8.ToArray(), read, StateWriteMode.Normal));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearAsync(grain, "s", read));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.AppendAsync(NewGrain(), "s", "orphan"u8.ToArray(), "1"));

        var stored = await storage.ReadAsync(grain, "s");
        Assert.Equal(["by the owner"], stored!.Journal.Select(Text));
        Assert.Equal(owner, stored.ETag);
    }

    [Fact]
    public async Task An_etag_from_before_an_erasure_cannot_touch_the_record_created_after_it()
    {
        await using var storage = new PostgresGrainStorage(postgres.ConnectionString);
        var grain = NewGrain();
        var old = await storage.WriteAsync(grain, "s", "first life"u8.ToArray(), null, StateWriteMode.Normal);
        await storage.ClearAsync(grain, "s", old);
        var reborn = await storage.WriteAsync(grain, "s", "second life"u8.ToArray(), null, StateWriteMode.Normal);

        Assert.NotEqual(old, reborn);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(grain, "s", "stale"u8.ToArray(), old, StateWriteMode.Normal));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.AppendAsync(grain, "s", "stale"u8.ToArray(), old));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearAsync(grain, "s", old));
        Assert.Equal("second life", Text((await storage.ReadAsync(grain, "s"))!.Data));
    }

    [Fact]
    public async Task Racing_appenders_from_two_storages_with_one_etag_have_one_winner()
    {
        await using var first = new PostgresGrainStorage(postgres.ConnectionString);
        await using var second = new PostgresGrainStorage(postgres.ConnectionString);
        var grain = NewGrain();
        var etag = await first.WriteAsync(grain, "s", "state"u8.ToArray(), null, StateWriteMode.Normal);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
        {
            try
            {
                await (i % 2 == 0 ? first : second).AppendAsync(grain, "s", Encoding.UTF8.GetBytes($"racer {i}"), etag);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        }));

        Assert.Single(outcomes, won => won);
        Assert.Single((await first.ReadAsync(grain, "s"))!.Journal);
    }

    [Fact]
    public async Task Clearing_removes_the_journal_rows()
    {
        await using var storage = new PostgresGrainStorage(postgres.ConnectionString);
        var grain = NewGrain();
        var etag = await storage.WriteAsync(grain, "s", "state"u8.ToArray(), null, StateWriteMode.Normal);
        etag = await storage.AppendAsync(grain, "s", "secret"u8.ToArray(), etag);

        await storage.ClearAsync(grain, "s", etag);

        Assert.Null(await storage.ReadAsync(grain, "s"));
        await using var dataSource = NpgsqlDataSource.Create(postgres.ConnectionString);
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM persoactors_grain_journal WHERE grain_key = $1");
        count.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grain.Key });
        Assert.Equal(0L, await count.ExecuteScalarAsync());
        // Recreated after the erasure: a fresh record with an empty journal.
        await storage.WriteAsync(grain, "s", "again"u8.ToArray(), null, StateWriteMode.Normal);
        Assert.Empty((await storage.ReadAsync(grain, "s"))!.Journal);
    }

    private static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);
}
