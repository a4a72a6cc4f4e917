using PersoActors.Storage.Reminders;

namespace PersoActors.Storage.Tests.Reminders;

/// <summary>What Orleans expects of a reminder table, checked against a real store.</summary>
public abstract class ReminderTableContract : IAsyncLifetime
{
    private static readonly DateTime Start = new(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc);

    private SqlReminderTable table = null!;

    protected abstract SqlReminderTable CreateTable(string serviceId);

    public async Task InitializeAsync()
    {
        table = CreateTable($"svc-{Guid.NewGuid():N}");
        await table.Init();
    }

    public Task DisposeAsync() => (table as IAsyncDisposable)?.DisposeAsync().AsTask() ?? Task.CompletedTask;

    [Fact]
    public async Task An_upserted_reminder_reads_back_exactly_with_its_etag()
    {
        var grain = Grain("alice");
        var etag = await table.UpsertRow(Entry(grain, "orchestration", TimeSpan.FromMinutes(1)));

        var row = await table.ReadRow(grain, "orchestration");

        Assert.NotNull(row);
        Assert.Equal(grain, row.GrainId);
        Assert.Equal(Start, row.StartAt);
        Assert.Equal(DateTimeKind.Utc, row.StartAt.Kind);
        Assert.Equal(TimeSpan.FromMinutes(1), row.Period);
        Assert.Equal(etag, row.ETag);
        Assert.Single((await table.ReadRows(grain)).Reminders);
    }

    [Fact]
    public async Task Upserting_again_replaces_the_row_and_changes_its_etag()
    {
        var grain = Grain("bob");
        var first = await table.UpsertRow(Entry(grain, "r", TimeSpan.FromMinutes(1)));
        var second = await table.UpsertRow(Entry(grain, "r", TimeSpan.FromMinutes(5)));

        var row = await table.ReadRow(grain, "r");

        Assert.NotEqual(first, second);
        Assert.Equal(TimeSpan.FromMinutes(5), row!.Period);
        Assert.Single((await table.ReadRows(grain)).Reminders);
    }

    [Fact]
    public async Task Removal_with_a_stale_etag_keeps_the_row_and_the_current_etag_removes_it()
    {
        var grain = Grain("carol");
        var stale = await table.UpsertRow(Entry(grain, "r", TimeSpan.FromMinutes(1)));
        var current = await table.UpsertRow(Entry(grain, "r", TimeSpan.FromMinutes(2)));

        Assert.False(await table.RemoveRow(grain, "r", stale!));
        Assert.NotNull(await table.ReadRow(grain, "r"));
        Assert.True(await table.RemoveRow(grain, "r", current!));
        Assert.Null(await table.ReadRow(grain, "r"));
        Assert.False(await table.RemoveRow(grain, "r", current!));
    }

    [Fact]
    public async Task Range_reads_return_exactly_the_grains_whose_hash_is_in_the_ring_range_including_wrap_around()
    {
        var grains = Enumerable.Range(0, 40).Select(i => Grain($"ring-{i}")).ToList();
        foreach (var grain in grains)
        {
            await table.UpsertRow(Entry(grain, "r", TimeSpan.FromMinutes(1)));
        }

        var hashes = grains.Select(g => g.GetUniformHashCode()).Order().ToList();
        uint low = hashes[10], high = hashes[30];

        var inside = (await table.ReadRows(low, high)).Reminders.Select(r => r.GrainId).ToHashSet();
        var wrapped = (await table.ReadRows(high, low)).Reminders.Select(r => r.GrainId).ToHashSet();

        Assert.Equal(grains.Where(g => g.GetUniformHashCode() > low && g.GetUniformHashCode() <= high).ToHashSet(), inside);
        Assert.Equal(grains.Where(g => g.GetUniformHashCode() > high || g.GetUniformHashCode() <= low).ToHashSet(), wrapped);
        Assert.Equal(grains.Count, inside.Count + wrapped.Count);
        Assert.Equal(grains.Count, (await table.ReadRows(0u, 0u)).Reminders.Count);
    }

    [Fact]
    public async Task Services_sharing_a_database_do_not_see_each_others_reminders()
    {
        var grain = Grain("dave");
        await table.UpsertRow(Entry(grain, "r", TimeSpan.FromMinutes(1)));
        var other = CreateTable($"other-{Guid.NewGuid():N}");
        try
        {
            await other.Init();
            Assert.Null(await other.ReadRow(grain, "r"));
            Assert.Empty((await other.ReadRows(0u, 0u)).Reminders);
            await other.TestOnlyClearTable();
            Assert.NotNull(await table.ReadRow(grain, "r"));
        }
        finally
        {
            if (other is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }
    }

    private static GrainId Grain(string key) => GrainId.Create("customer", key);

    private static ReminderEntry Entry(GrainId grain, string name, TimeSpan period) =>
        new() { GrainId = grain, ReminderName = name, StartAt = Start, Period = period };
}
