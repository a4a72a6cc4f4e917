using Microsoft.Extensions.Options;
using PersoActors.Grains.Interfaces.Orchestration;
using PersoActors.Grains.Orchestration;

namespace PersoActors.Grains.Tests.Orchestration;

/// <summary>The silo's copy of the triggers against the trigger grain's answers, which the tests hand out themselves:
/// already completed (a grain call that finished before its caller awaited it) or completed later, in any order.</summary>
public sealed class TriggerCatalogTests
{
    private static TriggerConfig Version(long version) => new(version, []);

    private static TriggerCatalog Catalog(Func<Task<TriggerConfig>> fetch, TimeSpan refreshInterval) =>
        new(fetch, Options.Create(new OrchestrationOptions { TriggerRefreshInterval = refreshInterval }));

    [Fact]
    public async Task A_read_answered_before_it_was_awaited_does_not_pin_the_triggers_forever()
    {
        var stored = Version(1);
        var catalog = Catalog(() => Task.FromResult(stored), TimeSpan.Zero);

        Assert.Equal(1, (await catalog.GetAsync()).Version);
        stored = Version(2);

        Assert.Equal(2, (await catalog.GetAsync()).Version);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task After_an_invalidation_a_read_in_flight_is_not_shared_and_its_answer_never_wins(bool staleAnswersFirst)
    {
        var answers = new Queue<TaskCompletionSource<TriggerConfig>>();
        var catalog = Catalog(() =>
        {
            var answer = new TaskCompletionSource<TriggerConfig>(TaskCreationOptions.RunContinuationsAsynchronously);
            answers.Enqueue(answer);
            return answer.Task;
        }, TimeSpan.FromMinutes(5));

        var beforeTheChange = catalog.GetAsync().AsTask();
        catalog.Invalidate();
        var afterTheChange = catalog.GetAsync().AsTask();
        Assert.Equal(2, answers.Count);
        var (stale, fresh) = (answers.Dequeue(), answers.Dequeue());

        if (staleAnswersFirst)
        {
            stale.SetResult(Version(1));
            await beforeTheChange;
            var whileTheNewReadIsInFlight = catalog.GetAsync().AsTask();
            fresh.SetResult(Version(2));
            Assert.Equal(2, (await whileTheNewReadIsInFlight).Version);
        }
        else
        {
            fresh.SetResult(Version(2));
            await afterTheChange;
            stale.SetResult(Version(1));
            await beforeTheChange;
        }

        Assert.Equal(2, (await afterTheChange).Version);
        Assert.Equal(2, (await catalog.GetAsync()).Version);
        Assert.Empty(answers);
    }

    [Fact]
    public async Task Reads_share_one_call_in_flight_and_then_keep_its_answer_for_the_refresh_interval()
    {
        var calls = 0;
        var answer = new TaskCompletionSource<TriggerConfig>(TaskCreationOptions.RunContinuationsAsynchronously);
        var catalog = Catalog(() =>
        {
            calls++;
            return answer.Task;
        }, TimeSpan.FromMinutes(5));

        var first = catalog.GetAsync().AsTask();
        var second = catalog.GetAsync().AsTask();
        answer.SetResult(Version(3));

        Assert.Equal(3, (await first).Version);
        Assert.Equal(3, (await second).Version);
        Assert.Equal(3, (await catalog.GetAsync()).Version);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task A_failed_read_is_asked_again_by_the_next_read()
    {
        var fail = true;
        var catalog = Catalog(() => fail ? Task.FromException<TriggerConfig>(new TimeoutException()) : Task.FromResult(Version(4)), TimeSpan.FromMinutes(5));

        await Assert.ThrowsAsync<TimeoutException>(async () => await catalog.GetAsync());
        fail = false;

        Assert.Equal(4, (await catalog.GetAsync()).Version);
    }
}
