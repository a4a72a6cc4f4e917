using System.Text;
using Npgsql;
using Orleans.Storage;
using PersoActors.Storage.Tests.Infrastructure;
using PersoActors.Tests.Shared;

namespace PersoActors.Storage.Tests.Faults;

/// <summary>PostgreSQL stopped, restarted and put in read-only mode under a running storage: writes fail with
/// <see cref="StoreUnavailableException"/> and store nothing, and the same storage works again once the server is
/// back, without being recreated. Its own server, since these tests stop it.</summary>
public sealed class PostgresFaultTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private PostgresGrainStorage storage = null!;

    public Task InitializeAsync()
    {
        storage = new PostgresGrainStorage(postgres.ConnectionString);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await storage.DisposeAsync();

    [Fact]
    public async Task While_the_server_is_stopped_writes_fail_as_unavailable_and_after_a_restart_the_same_storage_writes_again()
    {
        var grain = GrainId.Create("register", Guid.NewGuid().ToString("N"));
        var etag = await WriteAsync(grain, "before", null);
        etag = await AppendAsync(grain, "entry 1", etag);

        postgres.Stop();
        try
        {
            var write = await Assert.ThrowsAsync<StoreUnavailableException>(() => WriteAsync(grain, "during", etag));
            Assert.Equal(StoreUnavailableException.Unreachable, write.Reason);
            var append = await Assert.ThrowsAsync<StoreUnavailableException>(() => AppendAsync(grain, "entry 2", etag));
            Assert.Equal(StoreUnavailableException.Unreachable, append.Reason);
            var read = await Assert.ThrowsAsync<StoreUnavailableException>(() => ReadAsync(grain));
            Assert.DoesNotContain("Host=", read.Message, StringComparison.Ordinal);
        }
        finally
        {
            postgres.Start();
        }

        // Nothing of the failed writes was stored: the ETag read before the outage is still the current one.
        var (value, journal, stored) = await ReadAsync(grain);
        Assert.Equal("before", value);
        Assert.Equal(["entry 1"], journal);
        Assert.Equal(etag, stored);
        var after = await AppendAsync(grain, "entry 2", etag);
        Assert.NotEqual(etag, after);
        Assert.Equal(["entry 1", "entry 2"], (await ReadAsync(grain)).Journal);
    }

    [Fact]
    public async Task A_read_only_server_refuses_writes_as_read_only_keeps_serving_reads_and_takes_writes_again_when_writable()
    {
        var grain = GrainId.Create("register", Guid.NewGuid().ToString("N"));
        var etag = await WriteAsync(grain, "before", null);

        await SetReadOnlyAsync(true);
        try
        {
            var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => WriteAsync(grain, "during", etag));
            Assert.Equal(StoreUnavailableException.ReadOnly, error.Reason);
            Assert.Equal("before", (await ReadAsync(grain)).Value);
        }
        finally
        {
            await SetReadOnlyAsync(false);
        }

        await WriteAsync(grain, "after", etag);
        Assert.Equal("after", (await ReadAsync(grain)).Value);
    }

    [Fact]
    public async Task A_batch_committed_while_the_server_stops_is_stored_whole_or_not_at_all()
    {
        var grains = Enumerable.Range(0, 50).Select(_ => GrainId.Create("register", Guid.NewGuid().ToString("N"))).ToArray();
        var release = new TaskCompletionSource();
        await storage.HoldWritesAsync(release.Task);
        var writes = grains.Select(g => CatchAsync(WriteAsync(g, "batched", null))).ToArray();

        postgres.Stop();
        try
        {
            release.SetResult();
            var outcomes = await Task.WhenAll(writes);
            Assert.All(outcomes, o => Assert.IsType<StoreUnavailableException>(o));
        }
        finally
        {
            postgres.Start();
        }

        foreach (var grain in grains)
        {
            Assert.Null((await ReadAsync(grain)).ETag);
        }
    }

    private static async Task<Exception?> CatchAsync(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (Exception error)
        {
            return error;
        }
    }

    private async Task SetReadOnlyAsync(bool readOnly)
    {
        // Unpooled: a pooled session may be one an earlier test's restart left dead.
        var unpooled = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(unpooled);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"ALTER SYSTEM SET default_transaction_read_only = {(readOnly ? "on" : "off")}", connection);
        await command.ExecuteNonQueryAsync();
        await using var reload = new NpgsqlCommand("SELECT pg_reload_conf()", connection);
        await reload.ExecuteNonQueryAsync();

        // Pooled sessions keep the setting they started with; new ones read the reloaded configuration.
        NpgsqlConnection.ClearAllPools();
        await using var check = new NpgsqlConnection(unpooled);
        await check.OpenAsync();
        await using var show = new NpgsqlCommand("SHOW default_transaction_read_only", check);
        Assert.Equal(readOnly ? "on" : "off", await show.ExecuteScalarAsync());
    }

    private async Task<string> WriteAsync(GrainId grain, string value, string? etag)
    {
        var state = new GrainState<Box>(new Box { Value = value }) { ETag = etag };
        await storage.WriteStateAsync("s", grain, state);
        return state.ETag!;
    }

    private async Task<string> AppendAsync(GrainId grain, string entry, string etag)
    {
        var state = new GrainState<Box>(new Box()) { ETag = etag, RecordExists = true };
        await storage.AppendAsync("s", grain, state, Encoding.UTF8.GetBytes(entry));
        return state.ETag!;
    }

    private async Task<(string? Value, string[] Journal, string? ETag)> ReadAsync(GrainId grain)
    {
        var state = new GrainState<Box>();
        var journal = await storage.ReadStateAndJournalAsync("s", grain, state);
        return (state.State?.Value, journal.Select(e => Encoding.UTF8.GetString(e.Span)).ToArray(), state.ETag);
    }
}
